// Package notifytest runs a real SMTP server on loopback for tests that
// deliver e-mail, and decodes what it received.
package notifytest

import (
	"io"
	"mime"
	"net"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message as the server saw it.
type Received struct {
	From string
	To   []string
	Data []byte
}

// Subject returns the decoded Subject header of the message ("" if it
// cannot be parsed).
func (r Received) Subject() string {
	m, err := netmail.ReadMessage(strings.NewReader(string(r.Data)))
	if err != nil {
		return ""
	}
	s, err := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if err != nil {
		return ""
	}
	return s
}

// Sink is a go-smtp backend that keeps every message and can refuse
// recipients with a fixed SMTP error.
type Sink struct {
	rcptErr error
	mu      sync.Mutex
	msgs    []Received
}

// NewSession implements smtp.Backend.
func (s *Sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &session{sink: s}, nil }

// Messages returns what was received so far.
func (s *Sink) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Received(nil), s.msgs...)
}

type session struct {
	sink *Sink
	cur  Received
}

func (ss *session) Reset()        { ss.cur = Received{} }
func (ss *session) Logout() error { return nil }

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	ss.cur.From = from
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if ss.sink.rcptErr != nil {
		return ss.sink.rcptErr
	}
	ss.cur.To = append(ss.cur.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.cur.Data = data
	ss.sink.mu.Lock()
	ss.sink.msgs = append(ss.sink.msgs, ss.cur)
	ss.sink.mu.Unlock()
	return nil
}

// StartSMTP runs a real SMTP server (no TLS, no auth) on a random loopback
// port until the test ends. rcptErr, when not nil, refuses every recipient.
func StartSMTP(t testing.TB, rcptErr error) (*Sink, int) {
	t.Helper()
	sink := &Sink{rcptErr: rcptErr}
	srv := smtp.NewServer(sink)
	srv.Domain = "localhost"
	srv.ReadTimeout = 5 * time.Second
	srv.WriteTimeout = 5 * time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l) //nolint:errcheck // returns when Close is called
	t.Cleanup(func() { srv.Close() })
	return sink, l.Addr().(*net.TCPAddr).Port
}
