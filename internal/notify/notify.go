// Package notify delivers Zhongshu's notifications over external channels:
// e-mail over SMTP and the government IM robots (DingTalk, WeCom, or a
// generic signed webhook).
//
// The package knows nothing of the database. The app layer reads the outbox,
// calls a Sender, records the delivery, and on a retryable error schedules the
// next attempt with Backoff until MaxAttempts is reached. A Permanent error
// means retrying cannot help (a bad address, a wrong robot key): the app marks
// the delivery failed at once.
package notify

import (
	"context"
	"errors"
	"time"
)

// Channel names returned by Sender.Channel.
const (
	ChannelEmail = "email"
	ChannelIM    = "im"
)

// Message is one notification to one person.
type Message struct {
	Kind    string // e.g. "deadline.overdue", "delegation"
	Subject string // Chinese
	Body    string // plain text, Chinese, may have several lines
	URL     string // absolute link to act on it ("" if none)
	Urgent  bool   // 特急 or 红: shown prominently
}

// Recipient is where one person receives messages on a channel. Email is
// used by the e-mail channel, Robot by the IM channel; a channel whose field
// is empty refuses the message with a Permanent error.
type Recipient struct {
	Name  string
	Email string
	Robot *Robot
}

// Sender delivers on one channel. Send returns nil on delivery, a Permanent
// error when retrying cannot help, and any other error when it can.
// Implementations are safe for concurrent use.
type Sender interface {
	Channel() string
	Send(ctx context.Context, to Recipient, m Message) error
}

// permanentError marks a refusal that retrying will not fix.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

// Permanent marks err as permanent: the delivery should fail now rather
// than be retried. Permanent(nil) is nil.
func Permanent(err error) error {
	if err == nil {
		return nil
	}
	return &permanentError{err: err}
}

// IsPermanent reports whether err, or any error it wraps, was marked by
// Permanent.
func IsPermanent(err error) bool {
	var p *permanentError
	return errors.As(err, &p)
}

// MaxAttempts is how many times a delivery is tried; after the last failed
// attempt the delivery is failed.
const MaxAttempts = 6

// backoffs[i] is the wait after failed attempt i+1. The schedule spans about
// 2h42m in total, so a message sent during office hours is retried through a
// short outage of the county mail relay or the IM gateway the same day.
var backoffs = [...]time.Duration{
	30 * time.Second,
	2 * time.Minute,
	10 * time.Minute,
	30 * time.Minute,
	2 * time.Hour,
}

// Backoff returns how long to wait after failed attempt number attempt
// (1-based) before trying again: 1 → 30s, 2 → 2m, 3 → 10m, 4 → 30m, 5 → 2h.
// Attempt 0 or less (nothing tried yet) gives 0; attempts past the schedule
// give the last step, but callers stop at MaxAttempts.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		return 0
	}
	if attempt > len(backoffs) {
		return backoffs[len(backoffs)-1]
	}
	return backoffs[attempt-1]
}

// title is the headline of m on every channel: urgent messages carry the
// 【特急】 prefix so they stand out in inboxes and group chats alike.
func title(m Message) string {
	if m.Urgent {
		return "【特急】" + m.Subject
	}
	return m.Subject
}
