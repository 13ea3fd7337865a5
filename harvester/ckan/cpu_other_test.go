//go:build !unix

package ckan_test

import (
	"testing"
	"time"
)

// processCPU returns 0: the process's CPU time is read on Unix only.
func processCPU(testing.TB) time.Duration { return 0 }
