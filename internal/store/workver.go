package store

import "sync"

// workVersions counts, per owner, the committed changes to the owner's
// work items (and their open counts), so that the app can cache a 待办 list
// and know when it is stale. A write transaction notes the owners whose
// rows it changed (Tx.workChanged) and db.run bumps their versions after
// the commit, before Transact returns: whoever waits for a change sees a
// new version on their next read. A version read before a list is read
// therefore tags that list conservatively: a change that commits during
// the read bumps the version after it.
//
// The versions live in this process only: writes made by another process
// on the same database (a second instance, a command-line tool) are not
// seen, so caches keyed on them must also expire by time.
type workVersions struct {
	mu sync.Mutex
	// gen moves for changes whose owners are unknown (raw statements).
	gen   uint64
	owner map[int64]uint64
}

// bump records a committed change to the work of each of owners.
func (v *workVersions) bump(owners []int64) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.owner == nil {
		v.owner = make(map[int64]uint64)
	}
	for _, id := range owners {
		v.owner[id]++
	}
}

// bumpAll records a change that may have touched anyone's work.
func (v *workVersions) bumpAll() {
	v.mu.Lock()
	v.gen++
	v.mu.Unlock()
}

// WorkVersion returns a number that changes whenever a committed change
// touches the work items of any of ownerIDs. Versions only grow, so their
// sum changes whenever one of them does; compare versions of the same set
// of owners only.
func (db *DB) WorkVersion(ownerIDs []int64) uint64 {
	v := &db.work
	v.mu.Lock()
	defer v.mu.Unlock()
	n := v.gen
	for _, id := range ownerIDs {
		n += v.owner[id]
	}
	return n
}

// workChanged notes that tx changed the work of owner; the version moves
// when tx commits.
func (tx *Tx) workChanged(owner int64) {
	tx.workOwners = append(tx.workOwners, owner)
}
