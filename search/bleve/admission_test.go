package bleve

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/municat/municat"
)

// TestAdmissionWaitsAndRespectsContext checks that a search waits while
// every slot is taken, gives up when its context ends, and runs once a slot
// is free.
func TestAdmissionWaitsAndRespectsContext(t *testing.T) {
	idx, err := NewMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	ctx := context.Background()
	if err := idx.Index(ctx, &municat.Dataset{ID: "a", Title: municat.NewText("Baumkataster")}); err != nil {
		t.Fatal(err)
	}
	for range cap(idx.slots) {
		idx.slots <- struct{}{}
	}
	waiting, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := idx.Search(waiting, municat.Query{Text: "Baum"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("search with every slot taken: %v, want context.DeadlineExceeded", err)
	}
	done := make(chan error)
	go func() {
		_, err := idx.Search(ctx, municat.Query{Text: "Baum"})
		done <- err
	}()
	<-idx.slots // one slot free: the waiting search runs
	if err := <-done; err != nil {
		t.Fatalf("search after a slot was freed: %v", err)
	}
	for range cap(idx.slots) - 1 {
		<-idx.slots
	}
}
