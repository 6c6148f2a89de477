package web

import (
	"context"
	"sync"
)

// broker wakes the open pages (server-sent events) of a person when they
// have a new notice. It is in memory: with several instances a page also
// polls, so nothing is missed, only later.
type broker struct {
	mu   sync.Mutex
	subs map[int64]map[chan struct{}]bool
}

func newBroker() *broker { return &broker{subs: map[int64]map[chan struct{}]bool{}} }

// subscribe returns a channel that receives a signal for userID until ctx ends.
func (b *broker) subscribe(ctx context.Context, userID int64) <-chan struct{} {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs[userID] == nil {
		b.subs[userID] = map[chan struct{}]bool{}
	}
	b.subs[userID][ch] = true
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		delete(b.subs[userID], ch)
		if len(b.subs[userID]) == 0 {
			delete(b.subs, userID)
		}
		b.mu.Unlock()
	}()
	return ch
}

// publish signals every open page of userID; a page already signalled is
// not signalled twice.
func (b *broker) publish(userID int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs[userID] {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Publish tells userID's open pages that they have a new notice. The app
// calls it after committing notices.
func (s *Server) Publish(userID int64) { s.live.publish(userID) }

// JobRunner runs a background job once by name, for the admin page.
type JobRunner func(ctx context.Context, name string) (string, error)

// SetJobs gives the server the job names and a way to run one now.
func (s *Server) SetJobs(names []string, run JobRunner) { s.jobNames, s.runJob = names, run }
