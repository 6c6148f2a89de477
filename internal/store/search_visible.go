package store

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// FewVisible is the number of visible documents up to which a search reads
// the viewer's documents rather than the index's matches.
const FewVisible = 10000

// fewVisible reports whether keys see at most upTo documents (0:
// FewVisible; negative: never) and, when they do, returns a reader of
// their ids, newest first. A key set found to see many is remembered for a
// minute, so that the office's searches do not count past FewVisible every
// time.
func (tx *Tx) fewVisible(ctx context.Context, keys []string, upTo int) (*visibleIDs, bool, error) {
	switch {
	case upTo < 0:
		return nil, false, nil
	case upTo == 0:
		upTo = FewVisible
	}
	memo := slices.Clone(keys)
	slices.Sort(memo)
	memo = slices.Compact(memo)
	memoKey := strconv.Itoa(upTo) + "\x00" + strings.Join(memo, "\x00")
	if tx.searchMemo != nil && tx.searchMemo.seesMany(memoKey, tx.now) {
		return nil, false, nil
	}
	var n int
	err := tx.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM search_access WHERE key IN (`+placeholders(len(keys))+
		`) LIMIT ?) t`, append(int64Keys(keys), upTo+1)...).Scan(&n)
	if err != nil {
		return nil, false, fmt.Errorf("store.Search: %w", err)
	}
	if n > upTo {
		if tx.searchMemo != nil {
			tx.searchMemo.remember(memoKey, tx.now)
		}
		return nil, false, nil
	}
	v := &visibleIDs{tx: tx, keys: memo, bufs: make([][]int64, len(memo)), below: make([]int64, len(memo)),
		done: make([]bool, len(memo))}
	for i := range v.below {
		v.below[i] = math.MaxInt64
	}
	return v, true, nil
}

// visibleIDs reads the documents a few keys see, newest first: each key's
// ids in pages from search_access's (key, doc_id) index, merged, so that a
// search that finds enough among the newest reads no more of them.
type visibleIDs struct {
	tx    *Tx
	keys  []string
	bufs  [][]int64
	below []int64 // each key's next page starts below this id
	done  []bool
	last  int64 // the last id given, to give each once
}

// take returns up to n more ids, fewer only at the end.
func (v *visibleIDs) take(ctx context.Context, n int) ([]int64, error) {
	var out []int64
	for len(out) < n {
		best := -1
		for i := range v.keys {
			if len(v.bufs[i]) == 0 && !v.done[i] {
				const page = 512
				ids, err := v.tx.int64s(ctx, `SELECT doc_id FROM search_access WHERE key = ? AND doc_id < ? ORDER BY doc_id DESC LIMIT ?`,
					v.keys[i], v.below[i], page)
				if err != nil {
					return nil, fmt.Errorf("store.Search: %w", err)
				}
				v.bufs[i], v.done[i] = ids, len(ids) < page
				if len(ids) > 0 {
					v.below[i] = ids[len(ids)-1]
				}
			}
			if len(v.bufs[i]) > 0 && (best < 0 || v.bufs[i][0] > v.bufs[best][0]) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		id := v.bufs[best][0]
		v.bufs[best] = v.bufs[best][1:]
		if id != v.last {
			out, v.last = append(out, id), id
		}
	}
	return out, nil
}

// searchMemo remembers, for a minute, the key sets that see more than
// FewVisible documents (db.searchMemo, shared by every search).
type searchMemo struct {
	mu   sync.Mutex
	many map[string]time.Time
}

func (m *searchMemo) seesMany(key string, now time.Time) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	at, ok := m.many[key]
	return ok && now.Sub(at) < time.Minute && !now.Before(at)
}

func (m *searchMemo) remember(key string, now time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.many == nil || len(m.many) > 10000 {
		m.many = map[string]time.Time{}
	}
	m.many[key] = now
}
