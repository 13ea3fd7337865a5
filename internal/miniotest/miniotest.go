// Package miniotest starts a real MinIO server for tests, so that the S3
// store is tested against the server it runs with, not against a mock.
//
// Start gives each test a new bucket. By default each test also gets its own
// server, stopped when the test ends; a package whose TestMain calls Run
// shares one server among all its tests instead, which is much faster:
//
//	func TestMain(m *testing.M) { os.Exit(miniotest.Run(m)) }
//
// The minio binary is looked for at $MUNICAT_MINIO_BIN, then in $PATH, then
// in $GOPATH/bin. Without one the tests are skipped, or fail if
// MUNICAT_REQUIRE_MINIO=1, as CI sets it.
package miniotest

import (
	"crypto/rand"
	"debug/buildinfo"
	"encoding/hex"
	"errors"
	"fmt"
	"go/build"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/municat/municat/store/s3"
)

// Install tells how to get the MinIO server binary.
const Install = "go install github.com/minio/minio@v0.0.0-20260212201848-7aac2a2c5b7c"

// shared is the server of a test binary whose TestMain calls Run.
var shared struct {
	sync.Mutex
	enabled bool    // Run was called
	srv     *server // started by the first Start
	err     error   // why it could not be started
}

// Run runs the tests of m with one MinIO server for all of them, started by
// the first test that calls Start, and stops it when they are done. It
// returns m.Run's exit code.
func Run(m *testing.M) int {
	shared.Lock()
	shared.enabled = true
	shared.Unlock()
	code := m.Run()
	shared.Lock()
	defer shared.Unlock()
	if shared.srv != nil {
		shared.srv.stop()
		os.RemoveAll(shared.srv.dir)
	}
	return code
}

// Start returns the configuration of a new, empty bucket on a running MinIO
// server. The bucket does not exist yet: s3.Open creates it.
func Start(tb testing.TB) s3.Config {
	tb.Helper()
	bin, err := FindBinary()
	if err != nil {
		if os.Getenv("MUNICAT_REQUIRE_MINIO") == "1" || os.Getenv("MUNICAT_MINIO_BIN") != "" {
			tb.Fatalf("miniotest: %v", err)
		}
		tb.Skipf("miniotest: %v (set MUNICAT_REQUIRE_MINIO=1 to fail instead of skipping)", err)
	}
	srv, err := serverFor(tb, bin)
	if err != nil {
		tb.Fatalf("miniotest: %v", err)
	}
	tb.Cleanup(func() {
		if tb.Failed() {
			tb.Logf("miniotest: MinIO output (last part):\n%s", outputTail(srv.out))
		}
	})
	bucket := "municat-test-" + randomHex(8)
	tb.Logf("miniotest: MinIO %s on %s, bucket %s", srv.version, srv.addr, bucket)
	return s3.Config{
		Endpoint:  srv.addr,
		Bucket:    bucket,
		AccessKey: srv.user,
		SecretKey: srv.password,
	}
}

// serverFor returns the shared server, starting it if needed, or a server
// of tb's own if Run is not in use.
func serverFor(tb testing.TB, bin string) (*server, error) {
	shared.Lock()
	defer shared.Unlock()
	if !shared.enabled {
		// Make the directory before the stop is registered: cleanups run
		// last first, so the server stops before its files are removed.
		srv, err := startServer(bin, tb.TempDir())
		if err != nil {
			return nil, err
		}
		tb.Cleanup(srv.stop)
		return srv, nil
	}
	if shared.srv == nil && shared.err == nil {
		dir, err := os.MkdirTemp("", "miniotest-")
		if err == nil {
			shared.srv, err = startServer(bin, dir)
		}
		if err != nil {
			os.RemoveAll(dir)
			shared.err = err
		}
	}
	return shared.srv, shared.err
}

// FindBinary returns the path of the minio binary: $MUNICAT_MINIO_BIN,
// else minio on $PATH, else in $GOPATH/bin. Its error says how to install it.
func FindBinary() (string, error) {
	if bin := os.Getenv("MUNICAT_MINIO_BIN"); bin != "" {
		if _, err := exec.LookPath(bin); err != nil {
			return "", fmt.Errorf("MUNICAT_MINIO_BIN=%s is no executable: %v", bin, err)
		}
		return bin, nil
	}
	if bin, err := exec.LookPath("minio"); err == nil {
		return bin, nil
	}
	for _, dir := range filepath.SplitList(build.Default.GOPATH) {
		bin := filepath.Join(dir, "bin", "minio")
		if _, err := exec.LookPath(bin); err == nil {
			return bin, nil
		}
	}
	return "", errors.New("no minio binary in $MUNICAT_MINIO_BIN, $PATH or $GOPATH/bin; install it with: " + Install)
}

// binaryVersion returns the module version minio was built from, or what
// its --version flag says.
func binaryVersion(bin string) string {
	if info, err := buildinfo.ReadFile(bin); err == nil && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		return "(unknown version)"
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return line
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
