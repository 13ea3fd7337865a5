package faults

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"github.com/municat/municat/internal/miniotest"
	"github.com/municat/municat/store/s3"
)

// minioProc is a MinIO server a test can kill and start again on the same
// port, directory and credentials (miniotest's servers start afresh).
type minioProc struct {
	t             *testing.T
	bin, dir      string
	addr, console string
	user, pass    string
	bucket        string
	logPath       string
	cmd           *exec.Cmd
	exited        chan struct{}
}

// startMinIO starts a MinIO server for the test and kills it when the test
// ends. Without a minio binary the test is skipped, or fails if
// MUNICAT_REQUIRE_MINIO=1.
func startMinIO(t *testing.T) *minioProc {
	t.Helper()
	bin, err := miniotest.FindBinary()
	if err != nil {
		if os.Getenv("MUNICAT_REQUIRE_MINIO") == "1" {
			t.Fatalf("faults: %v", err)
		}
		t.Skipf("faults: %v (set MUNICAT_REQUIRE_MINIO=1 to fail instead of skipping)", err)
	}
	m := &minioProc{t: t, bin: bin, dir: t.TempDir(), addr: freeAddr(t), console: freeAddr(t),
		user: "faults-" + randomHex(4), pass: randomHex(16), bucket: "municat-faults"}
	m.logPath = filepath.Join(m.dir, "minio.log")
	t.Cleanup(func() {
		m.kill()
		if t.Failed() {
			t.Logf("MinIO log (last part):\n%s", tail(m.logPath, 4<<10))
		}
	})
	m.start()
	return m
}

// start starts the server and waits until it accepts signed requests.
func (m *minioProc) start() {
	m.t.Helper()
	logf, err := os.OpenFile(m.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		m.t.Fatal(err)
	}
	m.cmd = exec.Command(m.bin, "server", "--address", m.addr, "--console-address", m.console,
		"--quiet", filepath.Join(m.dir, "data"))
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MINIO_") {
			m.cmd.Env = append(m.cmd.Env, kv)
		}
	}
	m.cmd.Env = append(m.cmd.Env, "MINIO_ROOT_USER="+m.user, "MINIO_ROOT_PASSWORD="+m.pass,
		"MINIO_BROWSER=off", "MINIO_UPDATE=off")
	m.cmd.Stdout, m.cmd.Stderr = logf, logf
	m.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := m.cmd.Start(); err != nil {
		logf.Close()
		m.t.Fatalf("start MinIO: %v", err)
	}
	exited := make(chan struct{})
	m.exited = exited
	go func(cmd *exec.Cmd) {
		cmd.Wait()
		logf.Close()
		close(exited)
	}(m.cmd)
	cl, err := minio.New(m.addr, &minio.Options{Creds: credentials.NewStaticV4(m.user, m.pass, ""), MaxRetries: 1})
	if err != nil {
		m.t.Fatal(err)
	}
	eventually(m.t, 60*time.Second, "MinIO on "+m.addr+" ready", func() (bool, string) {
		select {
		case <-exited:
			m.t.Fatalf("MinIO exited while starting:\n%s", tail(m.logPath, 4<<10))
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := cl.ListBuckets(ctx)
		return err == nil, fmt.Sprint(err)
	})
}

// kill kills the server with SIGKILL and waits for it.
func (m *minioProc) kill() {
	if m.cmd == nil {
		return
	}
	select {
	case <-m.exited:
		return
	default:
	}
	syscall.Kill(-m.cmd.Process.Pid, syscall.SIGKILL)
	<-m.exited
}

// config returns the S3 configuration of the test's bucket.
func (m *minioProc) config() s3.Config {
	return s3.Config{Endpoint: m.addr, Bucket: m.bucket, AccessKey: m.user, SecretKey: m.pass}
}

// env returns the MUNICAT_* variables of a process on this server.
func (m *minioProc) env() map[string]string {
	return map[string]string{
		"MUNICAT_STORE_TYPE":    "s3",
		"MUNICAT_S3_ENDPOINT":   m.addr,
		"MUNICAT_S3_BUCKET":     m.bucket,
		"MUNICAT_S3_ACCESS_KEY": m.user,
		"MUNICAT_S3_SECRET_KEY": m.pass,
	}
}

// open opens the test's bucket as a municat store, closed with the test.
func (m *minioProc) open() *s3.Store {
	m.t.Helper()
	st, err := s3.Open(timeout(m.t, 30*time.Second), m.config())
	if err != nil {
		m.t.Fatalf("open the bucket: %v", err)
	}
	m.t.Cleanup(func() { st.Close() })
	return st
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
