package web

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestWorkListJSON_AsWriteJSON checks the hand-written 待办 list against
// what writeJSON (encoding/json) writes for the same value, byte for byte:
// items with and without deadlines, done and open, every urgency, and
// titles with quotes, backslashes, HTML, control characters, line and
// paragraph separators and invalid UTF-8; and an empty list.
func TestWorkListJSON_AsWriteJSON(t *testing.T) {
	now := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	titles := []string{"关于做好冬季安全生产工作的通知", `引号"和\反斜杠`, "<script>alert('x')</script> & 其他",
		"换行\n回车\r制表\t响铃\a退格\b换页\f", "行分隔\u2028段分隔\u2029", "只有段分隔\u2029", "引号“”省略号……破折号——", "坏的\xff\xfeUTF-8", "", "emoji 😀 and Ünïcödé"}
	var items []*zhongshu.WorkItem
	for i, title := range titles {
		wi := &zhongshu.WorkItem{ID: int64(1000 + i), OwnerID: 7, Kind: zhongshu.WorkTodo, Module: app.SupervisionModule,
			RefType: app.SupervisionRefType, RefID: int64(i), Title: title, Step: "签收", Urgency: zhongshu.Urgency(i % 3),
			URL: app.SupervisionURL(int64(i)), CreatedAt: now.Add(-time.Duration(i) * time.Hour)}
		switch i % 4 {
		case 1:
			wi.DueAt = now.Add(48 * time.Hour)
		case 2:
			wi.DueAt = now.Add(-time.Hour) // overdue
		case 3:
			wi.Kind, wi.Done, wi.DoneAt = zhongshu.WorkToRead, true, now.Add(-time.Minute)
		}
		items = append(items, wi)
	}
	for _, tc := range []struct {
		name  string
		items []*zhongshu.WorkItem
	}{{"items", items}, {"empty", nil}} {
		pg := app.Page{Offset: 50, Limit: 50}
		v := &workListJSON{listJSON: newList(tc.items, workItemOut(now), 123, pg),
			Kind: "todo", Counts: workCountsJSON{Todo: 12, ToRead: 3}}
		want := httptest.NewRecorder()
		writeJSON(want, 200, v)
		s := &Server{}
		for range 2 { // the second time with a used buffer
			got := httptest.NewRecorder()
			s.writeWorkList(got, 200, &workListOut{items: tc.items, now: now, total: 123, page: pg, kind: "todo", todo: 12, toRead: 3})
			if diff := cmp.Diff(want.Body.String(), got.Body.String()); diff != "" {
				t.Errorf("%s: body (-writeJSON +writeWorkList):\n%s", tc.name, diff)
			}
			if diff := cmp.Diff(want.Header(), got.Header()); diff != "" {
				t.Errorf("%s: headers (-writeJSON +writeWorkList):\n%s", tc.name, diff)
			}
			if !json.Valid(got.Body.Bytes()) || !strings.HasSuffix(got.Body.String(), "}\n") {
				t.Errorf("%s: not one JSON value and a newline: %q", tc.name, got.Body.String())
			}
		}
	}
}

// workItemOut is the reference the hand-written list is checked against:
// the workItemJSON of one item, field by field, as encoding/json would be
// given it.
func workItemOut(now time.Time) func(*zhongshu.WorkItem) workItemJSON {
	return func(wi *zhongshu.WorkItem) workItemJSON {
		return workItemJSON{
			ID: wi.ID, OwnerID: wi.OwnerID, Kind: wi.Kind, Module: wi.Module, RefType: wi.RefType, RefID: wi.RefID,
			Title: wi.Title, Step: wi.Step, Urgency: wi.Urgency, UrgencyLabel: wi.Urgency.Label(),
			DueAt: optStamp(wi.DueAt), Deadline: deadlineOut(wi.Deadline(now)), URL: wi.URL, Done: wi.Done,
			CreatedAt: stampOf(wi.CreatedAt), DoneAt: optStamp(wi.DoneAt),
		}
	}
}
