package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// titles lists the hits' titles as "module:title".
func titles(r *app.SearchResult) []string {
	var out []string
	for _, h := range r.Hits {
		out = append(out, h.Module+":"+h.Title)
	}
	return out
}

func TestSearch_ModulesPermissionsAndReindex(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		clerk := f.actor("wenshu")
		// A 收文 交办 to 县发改局, and one nobody outside the office sees.
		d := newIncoming()
		d.Title = "关于做好防汛物资储备工作的通知"
		if _, err := f.app.RegisterIncoming(f.ctx, clerk, d, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		due, _ := f.app.DueIn(f.clock.Now(), 5)
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("zhuren"), d.ID, app.IncomingRequest{Action: incoming.Propose,
			Text: "请发改局办理。", Assignments: []zhongshu.IncomingAssignment{
				{UnitID: f.unitID("青川县发展和改革局"), Role: zhongshu.AssignmentLead, DueAt: due}}}); err != nil {
			t.Fatal(err)
		}
		secret := newIncoming()
		secret.Title = "关于防汛干部调整的内部通知"
		secret.SenderNumber = "市委组发〔2026〕7号"
		if _, err := f.app.RegisterIncoming(f.ctx, clerk, secret, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		it := f.newSupervisionItem()
		it.Title = "督促防汛物资调配到位"
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		find := func(who, q string) *app.SearchResult {
			t.Helper()
			r, err := f.app.Search(f.ctx, f.actor(who), app.SearchQuery{Text: q})
			if err != nil {
				t.Fatalf("%s searching %q: %v", who, q, err)
			}
			return r
		}
		// The 文书 sees both 收文 but not the 督办 draft; the 督查员 the item only.
		if got := titles(find("wenshu", "防汛")); fmt.Sprint(got) != fmt.Sprint([]string{
			"incoming:关于防汛干部调整的内部通知", "incoming:关于做好防汛物资储备工作的通知"}) {
			t.Errorf("wenshu: %v", got)
		}
		if got := titles(find("duchayuan", "防汛")); fmt.Sprint(got) != fmt.Sprint([]string{"supervision:督促防汛物资调配到位"}) {
			t.Errorf("duchayuan: %v", got)
		}
		// The department's liaison finds its own 收文 and the draft's unit item, never the internal one —
		// not in the hits, not in the count, not in a facet.
		r := find("fgj.lly", "防汛")
		for _, h := range r.Hits {
			if strings.Contains(h.Title, "干部调整") {
				t.Errorf("fgj.lly sees %q", h.Title)
			}
		}
		if r.Total != 2 {
			t.Errorf("fgj.lly total = %d, want 2 (%v)", r.Total, titles(r))
		}
		for _, fs := range r.Facets {
			total := 0
			for _, f := range fs {
				total += f.Count
			}
			if total > 2 {
				t.Errorf("facet counts %d more than visible hits: %+v", total, fs)
			}
		}
		if got := find("fgj.lly", "市委组发[2026]7号"); got.Total != 0 {
			t.Errorf("number lookup reveals the hidden document: %v", titles(got))
		}
		if got := find("wenshu", "市委组发[2026]7号"); len(got.Hits) != 1 || got.Hits[0].Where != "number" {
			t.Errorf("number lookup: %+v", got.Hits)
		}
		// Highlights and snippets.
		r = find("wenshu", "物资储备")
		if len(r.Hits) != 1 || len(r.Hits[0].TitleMarked) != 3 || !r.Hits[0].TitleMarked[1].Mark ||
			r.Hits[0].TitleMarked[1].Text != "物资储备" {
			t.Errorf("highlight: %+v", r.Hits)
		}
		// Rebuilding gives the same answers.
		n, err := f.app.ReindexAll(f.ctx)
		if err != nil || n != 3 {
			t.Fatalf("reindexed %d documents (%v), want 3", n, err)
		}
		if got := find("fgj.lly", "防汛"); got.Total != 2 {
			t.Errorf("after reindex fgj.lly total = %d", got.Total)
		}
		if _, err := f.app.Search(f.ctx, f.actor("sysadmin"), app.SearchQuery{Text: "防汛"}); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("administrator search: %v", err)
		}
	})
}

func TestSearch_AttachmentText(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		clerk := f.actor("wenshu")
		d := newIncoming()
		if _, err := f.app.RegisterIncoming(f.ctx, clerk, d, app.ModeRegister); err != nil {
			t.Fatal(err)
		}
		files := map[string]string{
			"预案.txt":  "全县防汛抗旱应急预案（2026年修订）",
			"扫描件.jpg": "\xff\xd8\xff\xe0 not really a photo",
			"坏文件.pdf": "%PDF-1.7\n garbage that is not a PDF at all",
			"说明.docx": "PK\x03\x04 broken zip",
		}
		for _, name := range []string{"预案.txt", "扫描件.jpg", "坏文件.pdf", "说明.docx"} {
			body := files[name]
			if _, err := f.app.AddIncomingAttachment(f.ctx, clerk, d.ID, name, int64(len(body)), strings.NewReader(body)); err != nil {
				t.Fatalf("attach %s: %v", name, err)
			}
		}
		if r, _ := f.app.Search(f.ctx, clerk, app.SearchQuery{Text: "应急预案"}); r.Total != 0 {
			t.Errorf("found before extraction: %d", r.Total)
		}
		n, err := f.app.ExtractAttachmentTexts(f.ctx, 10)
		if err != nil || n != 4 {
			t.Fatalf("extracted %d (%v)", n, err)
		}
		r, err := f.app.Search(f.ctx, clerk, app.SearchQuery{Text: "应急预案"})
		if err != nil || r.Total != 1 || r.Hits[0].RefID != d.ID {
			t.Fatalf("search in attachment text: %+v (%v)", r, err)
		}
		det, err := f.app.FindIncomingDoc(f.ctx, clerk, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, a := range det.Attachments {
			got[a.Name] = string(a.TextState)
			if a.TextState == zhongshu.TextFailed && a.TextError == "" {
				t.Errorf("%s failed without a reason", a.Name)
			}
		}
		want := map[string]string{"预案.txt": "done", "扫描件.jpg": "unsupported", "坏文件.pdf": "failed", "说明.docx": "failed"}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("text states = %v, want %v", got, want)
		}
		if n, _ := f.app.ExtractAttachmentTexts(f.ctx, 10); n != 0 {
			t.Errorf("second run handled %d", n)
		}
	})
}

// TestSearch_SampleAndPaging: a common term collects SearchSample hits for
// the count and facets and says there are more; paging past them collects
// further, in the same order, up to the last match.
func TestSearch_SampleAndPaging(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		const n = app.SearchSample + 25
		kind := func(i int) string {
			if i%4 == 0 {
				return "函"
			}
			return "通知"
		}
		title := func(i int) string { return fmt.Sprintf("关于第%d批防汛物资的%s", i, kind(i)) }
		err := f.db.Transact(f.ctx, func(tx *store.Tx) error {
			for i := range n {
				if err := tx.IndexSearchDoc(f.ctx, &store.SearchDoc{Module: app.IncomingModule, RefID: int64(100000 + i),
					Title: title(i), Kind: kind(i), At: f.clock.Now(),
					Access: []string{"r:" + string(zhongshu.RoleRegistrar)}}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		page := func(offset int) *app.SearchResult {
			t.Helper()
			r, err := f.app.Search(f.ctx, f.actor("wenshu"), app.SearchQuery{Text: "防汛物资",
				Page: app.Page{Offset: offset, Limit: 20}})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		first := page(0)
		sum := 0
		for _, fc := range first.Facets["kind"] {
			sum += fc.Count
		}
		if first.Total != app.SearchSample || !first.More || sum != app.SearchSample || len(first.Hits) != 20 ||
			first.Hits[0].Title != title(n-1) {
			t.Errorf("first page: total %d, more %v, kind facets sum %d, %d hits, first %q", first.Total, first.More, sum,
				len(first.Hits), first.Hits[0].Title)
		}
		// Page 11 (offset 200) goes past the sample: 220 collected, more.
		p11 := page(app.SearchSample)
		if p11.Total != app.SearchSample+20 || !p11.More || p11.Hits[0].Title != title(n-1-app.SearchSample) {
			t.Errorf("page 11: total %d, more %v, first %q", p11.Total, p11.More, p11.Hits[0].Title)
		}
		// Page 12 reaches the end: exactly all, no more.
		p12 := page(app.SearchSample + 20)
		if p12.Total != n || p12.More || len(p12.Hits) != 5 || p12.Hits[4].Title != "关于第0批防汛物资的函" {
			t.Errorf("page 12: total %d, more %v, %d hits", p12.Total, p12.More, len(p12.Hits))
		}
	})
}

// TestSearch_IndexFollowsSupervisionLifecycle checks that the index entry
// an item's actions keep in step (described from the item each action
// saved, written at the commit) is what a rebuild makes of the item: after
// every step, each person's hits — status, party, who finds it at all —
// are the same before and after ReindexAll. The steps move the item through
// its states and reassign it to another co unit.
func TestSearch_IndexFollowsSupervisionLifecycle(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		it := f.newSupervisionItem()
		it.Title = "督促防汛物资调配到位"
		if err := f.app.CreateSupervisionItem(f.ctx, f.actor("duchayuan"), it); err != nil {
			t.Fatal(err)
		}
		hits := func() map[string][]string {
			t.Helper()
			out := map[string][]string{}
			for _, who := range supervisionPeople {
				r, err := f.app.Search(f.ctx, f.actor(who), app.SearchQuery{Text: "防汛"})
				if err != nil {
					t.Fatalf("%s: %v", who, err)
				}
				for _, h := range r.Hits {
					out[who] = append(out[who], fmt.Sprintf("%s %s|%s|%s|%s", h.Numbers, h.Title, h.Status, h.Party, h.Kind))
				}
			}
			return out
		}
		check := func(step string) {
			t.Helper()
			kept := hits()
			if _, err := f.app.ReindexAll(f.ctx); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(hits(), kept); diff != "" {
				t.Errorf("after %s, the index kept in step differs from a rebuild (-rebuilt +kept):\n%s", step, diff)
			}
		}
		check("create")
		czj := f.unitID("青川县财政局")
		steps := []struct {
			who string
			req app.SupervisionRequest
		}{
			{"duchayuan", app.SupervisionRequest{Action: supervision.Submit}},
			{"chengguan.lly", app.SupervisionRequest{Action: supervision.Object, Reason: "不属于本镇职责。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Reassign, Assignments: []zhongshu.Assignment{
				{UnitID: it.Assignments[0].UnitID, Role: zhongshu.AssignmentLead}, {UnitID: czj, Role: zhongshu.AssignmentCo}}}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.Sign}},
			{"fgj.lly", app.SupervisionRequest{Action: supervision.RequestCompletion, Reason: "已调配到位。"}},
			{"duchayuan", app.SupervisionRequest{Action: supervision.Accept}},
			{"xianzhang", app.SupervisionRequest{Action: supervision.LeaderClose}},
		}
		for _, s := range steps {
			if _, err := f.app.ActOnSupervision(f.ctx, f.actor(s.who), it.ID, s.req); err != nil {
				t.Fatalf("%s %s: %v", s.who, s.req.Action, err)
			}
			check(string(s.req.Action))
		}
		// The former co unit no longer finds it; the new one does.
		got := hits()
		if len(got["chengguan.lly"]) != 0 || len(got["czj.lly"]) != 1 {
			t.Errorf("after reassigning: chengguan.lly finds %v, czj.lly %v", got["chengguan.lly"], got["czj.lly"])
		}
	})
}
