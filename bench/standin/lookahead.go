package standin

import "sync"

// lookahead makes the page a harvester will ask for next while it works
// on the current one. Harvesters page sequentially, so without it the
// time the stand-in takes to make a page would count as harvest time;
// with it a benchmark measures municat, not the stand-in. It holds at most
// one page: a request for any other page is made on the spot.
type lookahead struct {
	mu    sync.Mutex
	key   string
	ready chan struct{}
	body  []byte
}

// take returns the page made ahead under key, waiting until it is done,
// and whether there was one.
func (l *lookahead) take(key string) ([]byte, bool) {
	l.mu.Lock()
	if l.ready == nil || l.key != key {
		l.mu.Unlock()
		return nil, false
	}
	ready := l.ready
	l.mu.Unlock()
	<-ready
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ready != ready {
		return nil, false // replaced while it was being made
	}
	body := l.body
	l.key, l.ready, l.body = "", nil, nil
	return body, true
}

// prepare starts making the page under key with render, replacing the
// page made ahead before.
func (l *lookahead) prepare(key string, render func() []byte) {
	ready := make(chan struct{})
	l.mu.Lock()
	l.key, l.ready, l.body = key, ready, nil
	l.mu.Unlock()
	go func() {
		body := render()
		l.mu.Lock()
		if l.ready == ready {
			l.body = body
		}
		l.mu.Unlock()
		close(ready)
	}()
}
