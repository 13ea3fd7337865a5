// Package faults holds municat's fault suite and nothing else: its tests
// start real municat processes (the binary built from ./cmd/municat) on a
// real MinIO server and a loopback CKAN portal, and break things as
// operations break them — a process killed in the middle of a harvest, the
// store gone during a run, the search index deleted, the disk full, the
// holder of the scheduler lease killed — and check that the catalogue
// stays whole and the service comes back.
//
// Every process listens on 127.0.0.1 only, runs in its own process group
// and is killed when its test ends; every wait polls with a deadline. The
// suite needs the minio binary (see internal/miniotest) and skips without
// it unless MUNICAT_REQUIRE_MINIO=1. The disk-full test needs root (it
// mounts a tmpfs) and skips without it.
//
// Run it with `make fault-suite` or
//
//	go test ./faults/ -count=1 -v
//
// and the long variant, with 60 schedule ticks instead of 20 and three kills
// of the scheduler's holder instead of one, with
//
//	MUNICAT_FAULTS_LONG=1 make fault-suite
//
// Under the race detector (go test -race ./..., as scripts/test.sh runs
// every package) the suite skips itself: its time bounds assume a machine
// not busy with other packages' tests.
//
// Each test logs its measurements as lines starting with "measure:" and
// key=value pairs, for RELIABILITY.md.
package faults
