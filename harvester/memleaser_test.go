package harvester_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"time"

	"github.com/municat/municat"
)

// memLeaser is a Leaser in memory for the tests of this package (the
// stores' Leasers have their own contract suite). Holders put down get a
// transient error, as from a store out of reach; names in shared are
// granted to every holder at once, to make two leaders; a holder in slow
// waits that long before taking a lease.
type memLeaser struct {
	mu     sync.Mutex
	leases map[string]municat.Lease
	seq    int
	down   map[string]bool
	shared map[string]bool
	slow   map[string]time.Duration
}

func newMemLeaser() *memLeaser {
	return &memLeaser{leases: map[string]municat.Lease{}, down: map[string]bool{}, shared: map[string]bool{}, slow: map[string]time.Duration{}}
}

var errDown = errors.New("memLeaser: store out of reach")

func (m *memLeaser) TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (*municat.Lease, error) {
	m.mu.Lock()
	slow := m.slow[holder]
	m.mu.Unlock()
	time.Sleep(slow)
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down[holder] {
		return nil, errDown
	}
	key := name
	if m.shared[name] {
		key = name + "\x00" + holder
	}
	if l, ok := m.leases[key]; ok && l.Holder != holder && time.Now().Before(l.Expires) {
		return nil, municat.Errorf(municat.ECONFLICT, "lease %s held by %s", name, l.Holder)
	}
	m.seq++
	l := municat.Lease{Name: name, Holder: holder, Expires: time.Now().Add(ttl), Version: strconv.Itoa(m.seq)}
	m.leases[key] = l
	return &l, nil
}

func (m *memLeaser) RenewLease(ctx context.Context, l *municat.Lease, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down[l.Holder] {
		return errDown
	}
	key := l.Name
	if m.shared[l.Name] {
		key = l.Name + "\x00" + l.Holder
	}
	cur, ok := m.leases[key]
	if !ok || cur.Version != l.Version {
		return municat.Errorf(municat.ECONFLICT, "lease %s lost", l.Name)
	}
	m.seq++
	cur.Expires, cur.Version = time.Now().Add(ttl), strconv.Itoa(m.seq)
	m.leases[key] = cur
	*l = cur
	return nil
}

func (m *memLeaser) ReleaseLease(ctx context.Context, l *municat.Lease) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down[l.Holder] {
		return errDown
	}
	key := l.Name
	if m.shared[l.Name] {
		key = l.Name + "\x00" + l.Holder
	}
	if cur, ok := m.leases[key]; ok && cur.Version == l.Version {
		delete(m.leases, key)
	}
	return nil
}

// SetDown puts holder out of reach of the leases, or back.
func (m *memLeaser) SetDown(holder string, down bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.down[holder] = down
}

// Steal gives the lease called name to holder, as if it had taken it over.
func (m *memLeaser) Steal(name, holder string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.seq++
	m.leases[name] = municat.Lease{Name: name, Holder: holder, Expires: time.Now().Add(time.Hour), Version: strconv.Itoa(m.seq)}
}
