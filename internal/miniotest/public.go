package miniotest

// Server is a MinIO process started with StartServer, for programs that
// are not tests (the benchmark harness); tests use Start.
type Server struct{ srv *server }

// StartServer starts the minio binary bin with its files in dir on free
// 127.0.0.1 ports, with fresh credentials, and waits until it accepts
// signed requests.
func StartServer(bin, dir string) (*Server, error) {
	srv, err := startServer(bin, dir)
	if err != nil {
		return nil, err
	}
	return &Server{srv}, nil
}

// Addr returns the host:port of the S3 API.
func (s *Server) Addr() string { return s.srv.addr }

// Credentials returns the access and secret key.
func (s *Server) Credentials() (accessKey, secretKey string) { return s.srv.user, s.srv.password }

// Stop ends the server; later calls do nothing.
func (s *Server) Stop() { s.srv.stop() }
