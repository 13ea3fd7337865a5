package fs_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/municat/municat/store/fs"
)

// BenchmarkPut measures Put of dataset-sized objects into one directory,
// one at a time and from 8 goroutines at once (as a harvest writes the
// datasets of a page).
func BenchmarkPut(b *testing.B) {
	body := bytes.Repeat([]byte("x"), 3000)
	for _, writers := range []int{1, 8} {
		b.Run(fmt.Sprintf("writers=%d", writers), func(b *testing.B) {
			st, err := fs.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ResetTimer()
			for range writers {
				wg.Go(func() {
					for i := next.Add(1); i <= int64(b.N); i = next.Add(1) {
						key := fmt.Sprintf("datasets/bench.%d.json", i)
						if err := st.Put(context.Background(), key, bytes.NewReader(body), int64(len(body)), "application/json"); err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
		})
	}
}
