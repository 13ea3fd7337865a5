package harvester

import (
	"testing"
	"time"
)

func TestGermanDuration(t *testing.T) {
	for d, want := range map[time.Duration]string{
		2 * time.Hour: "2 Stunden", time.Hour: "1 Stunde", 90 * time.Minute: "90 Minuten", time.Minute: "1 Minute",
		90 * time.Second: "90 Sekunden", time.Second: "1 Sekunde", 1500 * time.Millisecond: "1,5 Sekunden",
	} {
		if got := germanDuration(d); got != want {
			t.Errorf("germanDuration(%s) = %q, want %q", d, got, want)
		}
	}
}
