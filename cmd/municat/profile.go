package main

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
)

// Profile environment variables: set, the process writes a CPU profile over
// its lifetime and a heap profile at its end to the named files (for
// `go tool pprof`). The benchmark harness (cmd/municat-bench -profile) sets
// them; nothing else should.
const (
	envCPUProfile  = "MUNICAT_CPU_PROFILE"
	envHeapProfile = "MUNICAT_HEAP_PROFILE"
)

// startProfiles starts the profiles the environment asks for and returns
// the function that writes them; problems are reported on stderr and never
// stop the command.
func startProfiles(getenv func(string) string, stderr io.Writer) (stop func()) {
	var cpu *os.File
	if path := getenv(envCPUProfile); path != "" {
		f, err := os.Create(path)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintf(stderr, "municat: CPU profile %s: %v\n", path, err)
		} else {
			cpu = f
		}
	}
	return func() {
		if cpu != nil {
			pprof.StopCPUProfile()
			if err := cpu.Close(); err != nil {
				fmt.Fprintf(stderr, "municat: CPU profile: %v\n", err)
			}
		}
		if path := getenv(envHeapProfile); path != "" {
			if err := writeHeapProfile(path); err != nil {
				fmt.Fprintf(stderr, "municat: heap profile %s: %v\n", path, err)
			}
		}
	}
}

// writeHeapProfile writes the heap profile after a collection, so it shows
// what is live at the end.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC()
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
