// Package municat holds the domain of the municat open-data platform:
// datasets, distributions, organisations, harvest sources and runs, the
// error codes shared by every layer, and the Store and Index interfaces that
// the backends below this package implement.
//
// The packages below the root talk to each other in these types. Only
// cmd/municat imports them all and wires them together.
package municat

// Version is the municat release. The build may override it with
// -ldflags "-X github.com/municat/municat.Version=…".
var Version = "0.1.0-dev"

// UserAgent is the User-Agent header municat sends on every outgoing request.
func UserAgent() string { return "municat/" + Version }
