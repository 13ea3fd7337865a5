package miniotest

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/municat/municat/internal/syncbuf"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// Limits of starting and stopping a server.
const (
	readyTimeout = 30 * time.Second
	stopTimeout  = 10 * time.Second
	startTries   = 3 // a free port may be taken before MinIO binds it
)

// server is a running MinIO process.
type server struct {
	cmd            *exec.Cmd
	dir            string // holds data/ and certs/
	addr           string // host:port of the S3 API
	user, password string
	version        string
	out            *syncbuf.Buffer
	exited         chan struct{} // closed when the process has exited
	stopOnce       sync.Once
}

// startServer starts MinIO with its files in dir and waits until it is
// ready. Where the kernel can, the server is killed with the test binary,
// should that die before it stops the server.
func startServer(bin, dir string) (*server, error) {
	var err error
	for range startTries {
		var srv *server
		if srv, err = tryStart(bin, dir); err == nil {
			return srv, nil
		}
	}
	return nil, err
}

// tryStart starts MinIO once, on ports that were free a moment ago.
func tryStart(bin, dir string) (*server, error) {
	apiPort, err := freePort()
	if err != nil {
		return nil, err
	}
	consolePort, err := freePort()
	if err != nil {
		return nil, err
	}
	srv := &server{
		dir:      dir,
		addr:     fmt.Sprintf("127.0.0.1:%d", apiPort),
		user:     "municat-" + randomHex(4),
		password: randomHex(16),
		version:  binaryVersion(bin),
		out:      &syncbuf.Buffer{},
		exited:   make(chan struct{}),
	}
	data := filepath.Join(dir, "data")
	certs := filepath.Join(dir, "certs")
	for _, d := range []string{data, certs} {
		// Start afresh: a failed try may have left files written with
		// other credentials.
		os.RemoveAll(d)
		if err := os.MkdirAll(d, 0o755); err != nil {
			return nil, err
		}
	}
	srv.cmd = exec.Command(bin, "server",
		"--address", srv.addr,
		"--console-address", fmt.Sprintf("127.0.0.1:%d", consolePort),
		"--certs-dir", certs,
		"--quiet",
		data)
	srv.cmd.Env = append(environWithoutMinIO(),
		"MINIO_ROOT_USER="+srv.user,
		"MINIO_ROOT_PASSWORD="+srv.password,
		"MINIO_BROWSER=off",
		"MINIO_UPDATE=off",
	)
	srv.cmd.Stdout = srv.out
	srv.cmd.Stderr = srv.out
	setParentDeathSignal(srv.cmd)
	if err := srv.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() {
		srv.cmd.Wait()
		close(srv.exited)
	}()
	if err := srv.waitReady(); err != nil {
		srv.stop()
		return nil, fmt.Errorf("MinIO on %s: %w; its output:\n%s", srv.addr, err, outputTail(srv.out))
	}
	return srv, nil
}

// waitReady waits until the server answers its liveness check and then
// until it accepts signed requests: MinIO reports itself live before it has
// loaded its users, and answers "Server not initialized yet" until then.
func (srv *server) waitReady() error {
	ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
	defer cancel()
	httpClient := &http.Client{Timeout: time.Second}
	client, err := minio.New(srv.addr, &minio.Options{
		Creds:      credentials.NewStaticV4(srv.user, srv.password, ""),
		MaxRetries: 1,
	})
	if err != nil {
		return err
	}
	live := false
	for {
		if !live {
			resp, err := httpClient.Get("http://" + srv.addr + "/minio/health/live")
			if err == nil {
				resp.Body.Close()
				live = resp.StatusCode == http.StatusOK
			}
		}
		if live {
			if _, err := client.ListBuckets(ctx); err == nil {
				return nil
			}
		}
		select {
		case <-srv.exited:
			return errors.New("server exited before it was ready")
		case <-ctx.Done():
			return fmt.Errorf("not ready after %v", readyTimeout)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// stop ends the server: SIGTERM, then SIGKILL if it has not exited in time.
func (srv *server) stop() {
	srv.stopOnce.Do(func() {
		srv.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-srv.exited:
		case <-time.After(stopTimeout):
			srv.cmd.Process.Kill()
			<-srv.exited
		}
	})
}

// freePort returns a TCP port on 127.0.0.1 that is free at the moment.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// environWithoutMinIO returns the environment without MINIO_ variables, so
// that the developer's own MinIO settings do not change the test server.
func environWithoutMinIO() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "MINIO_") {
			env = append(env, kv)
		}
	}
	return env
}

// outputTail returns the last 16 KiB of a process's output.
func outputTail(b *syncbuf.Buffer) string {
	if t := b.Tail(16 << 10); t != "" {
		return t
	}
	return "(no output)"
}
