//go:build !linux

package miniotest

import "os/exec"

// setParentDeathSignal does nothing where the kernel offers no parent death
// signal; Run stops the server when the tests end.
func setParentDeathSignal(*exec.Cmd) {}
