package municat

import (
	"context"
	"crypto/rand"
	"time"
)

// Leaser grants leases: named, time-limited, exclusive claims through which
// processes sharing one store agree that a job (firing the harvest
// schedule, one harvest of a source) runs in one of them only. A lease
// that its holder does not renew lapses at its expiry, so a process that
// died or hangs cannot block the others for longer than the lease's time.
//
// The S3 store implements it with conditional writes of one object per
// lease (If-None-Match: * to take a free lease, If-Match on the ETag to
// renew, release or take over a lapsed one); the fs store with an OS file
// lock around the same read-check-write. Both pass the contract suite in
// store/storetest (RunLeaser).
//
// Expiry is judged by the wall clock of the process that looks: processes
// sharing a store need clocks that agree to well within a lease's time
// (NTP does that).
type Leaser interface {
	// TakeLease takes the lease called name for holder until ttl from now
	// and returns it. A lease that holder already holds is renewed. If
	// another holder holds it and it has not expired, TakeLease returns an
	// error matching ErrConflict; so does losing a race to take it. name
	// is a valid store key segment path (see ValidKey), e.g. "scheduler"
	// or "harvest/stadt-bonn"; holder is not empty.
	TakeLease(ctx context.Context, name, holder string, ttl time.Duration) (*Lease, error)
	// RenewLease extends l to ttl from now and updates l. If l was lost
	// (it lapsed and another holder took it, or it was released) it
	// returns an error matching ErrConflict and l must not be used again.
	RenewLease(ctx context.Context, l *Lease, ttl time.Duration) error
	// ReleaseLease gives l up so that another holder can take it at once.
	// Releasing a lease that was lost already is not an error.
	ReleaseLease(ctx context.Context, l *Lease) error
}

// Lease is a lease a Leaser granted.
type Lease struct {
	// Name is the lease's name.
	Name string `json:"name"`
	// Holder is who holds it, e.g. "host-4711-ab12cd".
	Holder string `json:"holder"`
	// Expires is when it lapses unless renewed.
	Expires time.Time `json:"expires"`
	// Version identifies the stored state this holder last wrote (an
	// ETag, a counter): renewing and releasing succeed only while it is
	// still the stored one. It is the Leaser's business.
	Version string `json:"-"`
}

// LeaseRecord is the stored state of a lease: the JSON object at
// LeaseKey(name) that both stores write.
type LeaseRecord struct {
	// Name is the lease's name.
	Name string `json:"name"`
	// Holder holds it; empty once released.
	Holder string `json:"holder"`
	// Expires is when it lapses.
	Expires time.Time `json:"expires"`
	// Token is random and new on every write, so that no two records are
	// the same bytes (an S3 ETag changes with every write; the fs store
	// compares it as the Lease's Version).
	Token string `json:"token"`
}

// NewLeaseRecord returns the record of name held by holder for ttl from
// now.
func NewLeaseRecord(name, holder string, ttl time.Duration) LeaseRecord {
	return LeaseRecord{Name: name, Holder: holder, Expires: time.Now().Add(ttl).UTC(), Token: rand.Text()}
}

// LeaseKey returns the store key of the lease called name.
func LeaseKey(name string) string { return "leases/" + name }

// CheckLease returns an error matching ErrInvalid unless name makes a
// valid key, holder is not empty and ttl is positive.
func CheckLease(name, holder string, ttl time.Duration) error {
	switch {
	case !ValidKey(LeaseKey(name)):
		return Errorf(EINVALID, "Ungültiger Name einer Sperre: %q.", name)
	case holder == "":
		return Errorf(EINVALID, "Die Sperre %q braucht einen Inhaber.", name)
	case ttl <= 0:
		return Errorf(EINVALID, "Die Sperre %q braucht eine Dauer größer als null.", name)
	}
	return nil
}

// LeaseHeldError says that holder holds the lease name until expires; it
// matches ErrConflict.
func LeaseHeldError(name, holder string, expires time.Time) error {
	return Errorf(ECONFLICT, "Die Sperre %q hält gerade ein anderer Prozess (%s) bis %s.",
		name, holder, expires.Local().Format("02.01.2006 15:04:05"))
}

// LeaseLostError says that the lease name was lost; it matches
// ErrConflict.
func LeaseLostError(name string) error {
	return Errorf(ECONFLICT, "Die Sperre %q ist verloren: ein anderer Prozess hat sie übernommen, oder sie wurde freigegeben.", name)
}
