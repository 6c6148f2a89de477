package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The 待办 list is the API's most frequent answer: on a Monday morning every
// clerk's client asks for it again and again. encoding/json spent most of
// its time on it reflecting over fifty workItemJSON values (41 % of the
// server's CPU under 32 users at 1 M items, BENCHMARKS.md, session 14), so
// the list is written by hand here. The output is byte for byte what
// writeJSON would write for the workListJSON of the same items (the test's
// workItemOut says field by field what that is) — compact, HTML-escaped,
// newline-terminated; a test compares the two on items with every kind of
// awkward text, so a field added to the structs and not here fails it. The buffers are reused (Server.jsonBufs):
// a fresh 32 KiB buffer per answer cost more in garbage collection than the
// encoding saved.

// workListOut is what handleAPIWork answers: one page of items, written as
// their workListJSON.
type workListOut struct {
	items        []*zhongshu.WorkItem
	now          time.Time
	total        int
	page         app.Page
	kind         string
	todo, toRead int
}

// writeWorkList writes l as writeJSON would write its workListJSON.
func (s *Server) writeWorkList(w http.ResponseWriter, status int, l *workListOut) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	bp, _ := s.jsonBufs.Get().(*[]byte)
	if bp == nil {
		bp = new([]byte)
	}
	*bp = appendWorkList((*bp)[:0], l)
	_, _ = w.Write(*bp)
	if cap(*bp) <= 1<<20 {
		s.jsonBufs.Put(bp)
	}
}

// appendWorkList appends the JSON of l and a newline to b.
func appendWorkList(b []byte, l *workListOut) []byte {
	b = append(b, `{"items":[`...)
	for i, it := range l.items {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendWorkItem(b, it, l.now)
	}
	b = append(b, `],"total":`...)
	b = strconv.AppendInt(b, int64(l.total), 10)
	b = append(b, `,"offset":`...)
	b = strconv.AppendInt(b, int64(l.page.Offset), 10)
	b = append(b, `,"limit":`...)
	b = strconv.AppendInt(b, int64(l.page.Limit), 10)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, l.kind)
	b = append(b, `,"counts":{"todo":`...)
	b = strconv.AppendInt(b, int64(l.todo), 10)
	b = append(b, `,"toread":`...)
	b = strconv.AppendInt(b, int64(l.toRead), 10)
	return append(b, "}}\n"...)
}

// appendWorkItem appends the workItemJSON of it (deadline as of now).
func appendWorkItem(b []byte, it *zhongshu.WorkItem, now time.Time) []byte {
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, it.ID, 10)
	b = append(b, `,"owner_id":`...)
	b = strconv.AppendInt(b, it.OwnerID, 10)
	b = append(b, `,"kind":`...)
	b = appendJSONString(b, string(it.Kind))
	b = append(b, `,"module":`...)
	b = appendJSONString(b, it.Module)
	b = append(b, `,"ref_type":`...)
	b = appendJSONString(b, it.RefType)
	b = append(b, `,"ref_id":`...)
	b = strconv.AppendInt(b, it.RefID, 10)
	b = append(b, `,"title":`...)
	b = appendJSONString(b, it.Title)
	b = append(b, `,"step":`...)
	b = appendJSONString(b, it.Step)
	b = append(b, `,"urgency":`...)
	b = strconv.AppendInt(b, int64(it.Urgency), 10)
	b = append(b, `,"urgency_label":`...)
	b = appendJSONString(b, it.Urgency.Label())
	b = append(b, `,"due_at":`...)
	b = appendOptTime(b, it.DueAt)
	d := deadlineOut(it.Deadline(now))
	b = append(b, `,"deadline":{"state":`...)
	b = appendJSONString(b, string(d.State))
	b = append(b, `,"label":`...)
	b = appendJSONString(b, d.Label)
	b = append(b, `},"url":`...)
	b = appendJSONString(b, it.URL)
	b = append(b, `,"done":`...)
	b = strconv.AppendBool(b, it.Done)
	b = append(b, `,"created_at":`...)
	b = appendTime(b, it.CreatedAt)
	b = append(b, `,"done_at":`...)
	b = appendOptTime(b, it.DoneAt)
	return append(b, '}')
}

// appendTime appends t as stampOf writes it.
func appendTime(b []byte, t time.Time) []byte {
	b = append(b, '"')
	b = apiTime(t).AppendFormat(b, time.RFC3339Nano)
	return append(b, '"')
}

// appendOptTime appends t as optStamp writes it: null for the zero time.
func appendOptTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, "null"...)
	}
	return appendTime(b, t)
}

// appendJSONString appends s as encoding/json writes it with HTML
// escaping. Text that needs no escaping — nearly all: Chinese, digits,
// letters — is copied as it is; anything else goes through encoding/json.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20, c == '"', c == '\\', c == '<', c == '>', c == '&':
			return appendMarshaled(b, s)
		case c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9): // U+2028, U+2029
			return appendMarshaled(b, s)
		}
	}
	if !utf8.ValidString(s) {
		return appendMarshaled(b, s)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

func appendMarshaled(b []byte, s string) []byte {
	out, _ := json.Marshal(s) // a string always marshals
	return append(b, out...)
}
