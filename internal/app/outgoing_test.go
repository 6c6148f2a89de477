package app_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/docsign"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// The people of the 发文 tests, whose 待办 are checked at every step.
var outgoingPeople = []string{"liting", "zhangwei", "czj.lly", "zhuren", "xianzhang", "wenshu", "xieyu", "fgj.lly"}

// newOutgoing is a 通知 of the office to the 发改局 with the 财政局 in copy.
func (f *fixture) newOutgoing() *zhongshu.OutgoingDoc {
	return &zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice,
		Issuers: []zhongshu.Issuer{{UnitID: f.unitID("青川县人民政府办公室")}},
		Title:   "青川县人民政府办公室关于做好2027年元旦春节期间安全生产工作的通知",
		MainTo:  []zhongshu.Recipient{{UnitID: f.unitID("青川县发展和改革局")}, {Name: "各乡镇人民政府"}},
		CC:      []zhongshu.Recipient{{UnitID: f.unitID("青川县财政局")}},
		Body: "为切实做好元旦春节期间安全生产工作，现将有关事项通知如下。\n一、提高思想认识\n各地各部门要高度重视。\n" +
			"二、强化隐患排查\n（一）全面排查。\n1.重点行业领域。\n三、严格值班值守\n请于12月31日前报送排查情况。",
		AttachmentNames: []string{"安全生产检查表"}, Disclosure: zhongshu.DisclosureActive, Copies: 30, Sealed: true}
}

// outgoingWork lists who holds which open 发文 待办 on doc id.
func (f *fixture) outgoingWork(id int64) []string {
	f.t.Helper()
	var out []string
	for _, u := range outgoingPeople {
		wl, err := f.app.Work(f.ctx, f.actor(u), zhongshu.WorkTodo, false, app.Page{})
		if err != nil {
			f.t.Fatal(err)
		}
		for _, w := range wl.Items {
			if w.Module == app.OutgoingModule && w.RefID == id {
				out = append(out, u+":"+w.Step)
			}
		}
	}
	return out
}

func TestOutgoing_Route(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d, warnings, err := f.app.CreateOutgoing(f.ctx, f.actor("liting"), f.newOutgoing())
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != zhongshu.OutgoingDrafting || d.Version != 1 || d.Series != "青政办发" {
			t.Fatalf("created %s v%d %q", d.Status, d.Version, d.Series)
		}
		t.Logf("warnings: %v", warnings)
		id := d.ID
		checks := make([]zhongshu.ReviewCheck, len(zhongshu.ReviewItems))
		for i := range checks {
			checks[i].OK = true
		}
		county := f.unitID("青川县人民政府办公室")
		steps := []struct {
			who    string
			req    app.OutgoingRequest
			status zhongshu.OutgoingStatus
			work   []string
		}{
			{"liting", app.OutgoingRequest{Action: outgoing.Submit}, zhongshu.OutgoingUnitCheck, []string{"zhangwei:核稿"}},
			{"zhangwei", app.OutgoingRequest{Action: outgoing.Check, Units: []int64{f.unitID("青川县财政局")}},
				zhongshu.OutgoingCountersign, []string{"czj.lly:会签"}},
			{"czj.lly", app.OutgoingRequest{Action: outgoing.Countersign, Text: "同意。"}, zhongshu.OutgoingOfficeReview,
				[]string{"zhuren:审核"}},
			{"zhuren", app.OutgoingRequest{Action: outgoing.Return, Text: "第二部分请补充值班要求。"}, zhongshu.OutgoingDrafting,
				[]string{"liting:修改文稿"}},
		}
		for i, s := range steps {
			got, err := f.app.ActOnOutgoing(f.ctx, f.actor(s.who), id, s.req)
			if err != nil {
				t.Fatalf("step %d %s %s: %v", i, s.who, s.req.Action, err)
			}
			if got.Status != s.status {
				t.Fatalf("step %d %s: status %s, want %s", i, s.req.Action, got.Status, s.status)
			}
			if w := f.outgoingWork(id); !cmp.Equal(w, s.work) {
				t.Errorf("step %d %s: 待办 %v, want %v", i, s.req.Action, w, s.work)
			}
		}
		// The drafter revises: a second version whose difference is kept.
		revised := f.newOutgoing()
		revised.Body = strings.Replace(revised.Body, "三、严格值班值守", "三、严格值班值守\n严格执行领导带班和24小时值班制度。", 1)
		if _, _, err := f.app.SaveOutgoing(f.ctx, f.actor("liting"), id, revised, "按主任意见补充值班要求"); err != nil {
			t.Fatal(err)
		}
		det, err := f.app.FindOutgoingDoc(f.ctx, f.actor("zhuren"), id)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.Versions) != 2 || det.Versions[1].Inserted == 0 || det.Versions[1].ByName != "李婷" {
			t.Fatalf("versions = %+v", det.Versions)
		}
		// Someone else may not change the draft.
		if _, _, err := f.app.SaveOutgoing(f.ctx, f.actor("zhangwei"), id, revised, ""); zhongshu.ErrorCode(err) != zhongshu.CodeForbidden {
			t.Errorf("科长 saving a draft in 起草: %v", err)
		}
		steps = steps[:0]
		steps = append(steps,
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"liting", app.OutgoingRequest{Action: outgoing.Submit}, zhongshu.OutgoingUnitCheck, []string{"zhangwei:核稿"}},
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"zhangwei", app.OutgoingRequest{Action: outgoing.Check}, zhongshu.OutgoingOfficeReview, []string{"zhuren:审核"}},
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"zhuren", app.OutgoingRequest{Action: outgoing.Review, Checks: checks,
				Signers: []zhongshu.Signature{{LeaderID: f.actor("xianzhang").ID(), UnitID: county}}},
				zhongshu.OutgoingSigning, []string{"xianzhang:签发"}},
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"xianzhang", app.OutgoingRequest{Action: outgoing.Sign, Text: "同意印发。"}, zhongshu.OutgoingRecheck,
				[]string{"wenshu:复核登记", "xieyu:复核登记"}},
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"wenshu", app.OutgoingRequest{Action: outgoing.Register}, zhongshu.OutgoingProducing,
				[]string{"wenshu:印制核发", "xieyu:印制核发"}},
			struct {
				who    string
				req    app.OutgoingRequest
				status zhongshu.OutgoingStatus
				work   []string
			}{"wenshu", app.OutgoingRequest{Action: outgoing.Dispatch}, zhongshu.OutgoingDispatched,
				[]string{"wenshu:公开发布", "xieyu:公开发布"}},
		)
		for i, s := range steps {
			got, err := f.app.ActOnOutgoing(f.ctx, f.actor(s.who), id, s.req)
			if err != nil {
				t.Fatalf("step %d %s %s: %v", i, s.who, s.req.Action, err)
			}
			if got.Status != s.status {
				t.Fatalf("step %d %s: status %s, want %s", i, s.req.Action, got.Status, s.status)
			}
			if w := f.outgoingWork(id); !cmp.Equal(w, s.work) {
				t.Errorf("step %d %s: 待办 %v, want %v", i, s.req.Action, w, s.work)
			}
		}
		det, err = f.app.FindOutgoingDoc(f.ctx, f.actor("wenshu"), id)
		if err != nil {
			t.Fatal(err)
		}
		if det.Doc.Number != "青政办发〔2026〕1号" {
			t.Errorf("number = %q", det.Doc.Number)
		}
		// The rendition is a PDF whose signed record verifies; a changed byte does not.
		att, rc, env, err := f.app.OpenOutgoingRendition(f.ctx, f.actor("wenshu"), id)
		if err != nil {
			t.Fatal(err)
		}
		pdf, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.HasPrefix(pdf, []byte("%PDF")) || att.Size != int64(len(pdf)) {
			t.Fatalf("rendition %s: %d bytes, starts %q", att.Name, len(pdf), pdf[:min(8, len(pdf))])
		}
		e, err := docsign.ParseEnvelope(env)
		if err != nil {
			t.Fatal(err)
		}
		pem, _, err := f.app.UnitPublicKey(f.ctx, e.Record.KeyID)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := docsign.ParsePublicKeyPEM(pem)
		if err != nil {
			t.Fatal(err)
		}
		if err := docsign.Verify(e, pdf, pub); err != nil {
			t.Errorf("verify: %v", err)
		}
		if e.Record.Number != det.Doc.Number || len(e.Record.Signers) != 1 || e.Record.Signers[0].Name != "何建平" {
			t.Errorf("signed record = %+v", e.Record)
		}
		pdf[len(pdf)/2] ^= 1
		if err := docsign.Verify(e, pdf, pub); err == nil {
			t.Error("a changed byte still verifies")
		}
		// The 发改局 got it as a 收文 and signs for it: the receipt reaches the issuer.
		if len(det.Deliveries) != 2 {
			t.Fatalf("deliveries = %+v", det.Deliveries)
		}
		var fgj app.DeliveryView
		for _, dv := range det.Deliveries {
			if dv.UnitID == f.unitID("青川县发展和改革局") {
				fgj = dv
			}
		}
		in := f.incomingDoc(fgj.IncomingID)
		if w := f.incomingWork(in.ID); !cmp.Equal(w, []string{"fgj.lly:签收"}) {
			t.Errorf("delivered 收文 待办 %v, want the 发改局's 签收", w)
		}
		if in.Channel != zhongshu.ChannelSystem || in.SenderNumber != "青政办发〔2026〕1号" {
			t.Errorf("收文 = %+v", in)
		}
		if _, err := f.app.ActOnIncoming(f.ctx, f.actor("fgj.lly"), in.ID, app.IncomingRequest{Action: "sign"}); err != nil {
			t.Fatal(err)
		}
		det, err = f.app.FindOutgoingDoc(f.ctx, f.actor("wenshu"), id)
		if err != nil {
			t.Fatal(err)
		}
		signed := 0
		for _, dv := range det.Deliveries {
			if !dv.SignedAt.IsZero() {
				signed++
			}
		}
		if signed != 1 {
			t.Errorf("signed deliveries = %d, want 1", signed)
		}
		if w := f.outgoingWork(id); !cmp.Equal(w, []string{"wenshu:公开发布", "xieyu:公开发布"}) {
			t.Errorf("after 签收 待办 %v", w)
		}
		for _, s := range []struct {
			who    string
			req    app.OutgoingRequest
			status zhongshu.OutgoingStatus
		}{
			{"wenshu", app.OutgoingRequest{Action: outgoing.Publish}, zhongshu.OutgoingPublished},
			{"wenshu", app.OutgoingRequest{Action: outgoing.Archive}, zhongshu.OutgoingArchived},
			{"zhuren", app.OutgoingRequest{Action: outgoing.Abolish, Text: "已被新规定替代", DecidedBy: "青川县人民政府办公室",
				EffectiveAt: f.clock.Now().AddDate(0, 1, 0)}, zhongshu.OutgoingAbolished},
		} {
			got, err := f.app.ActOnOutgoing(f.ctx, f.actor(s.who), id, s.req)
			if err != nil {
				t.Fatalf("%s: %v", s.req.Action, err)
			}
			if got.Status != s.status {
				t.Errorf("%s: status %s", s.req.Action, got.Status)
			}
		}
		// A person of an unrelated unit does not see it, nor find it in the list.
		if _, err := f.app.FindOutgoingDoc(f.ctx, f.actor("chengguan.lly"), id); zhongshu.ErrorCode(err) != zhongshu.CodeNotFound {
			t.Errorf("stranger sees the 发文: %v", err)
		}
		l, err := f.app.FindOutgoingDocs(f.ctx, f.actor("chengguan.lly"), store.OutgoingFilter{}, app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 0 {
			t.Errorf("stranger's list total = %d", l.Total)
		}
	})
}

func TestOutgoing_ClassifiedRefused(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d := f.newOutgoing()
		d.Secrecy = zhongshu.SecrecySecret
		before := f.auditCount()
		if _, _, err := f.app.CreateOutgoing(f.ctx, f.actor("liting"), d); zhongshu.ErrorFields(err)["secrecy"] == "" {
			t.Fatalf("classified draft: %v", err)
		}
		l, err := f.app.FindOutgoingDocs(f.ctx, f.actor("zhuren"), store.OutgoingFilter{}, app.Page{})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 0 {
			t.Errorf("a classified draft was saved")
		}
		if f.auditCount() != before+1 || f.lastAudit().Success {
			t.Errorf("the refusal was not audited")
		}
	})
}

// TestOutgoing_NumbersUnderConcurrency registers 16 documents of one
// 机关代字 at once: the numbers are 1..16, no gaps, no duplicates.
func TestOutgoing_NumbersUnderConcurrency(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		const n = 16
		ids := make([]int64, n)
		for i := range ids {
			d := f.newOutgoing()
			d.Title = fmt.Sprintf("青川县人民政府办公室关于第%d项工作的通知", i+1)
			got, _, err := f.app.CreateOutgoing(f.ctx, f.actor("liting"), d)
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = got.ID
			f.walkToRecheck(got.ID)
		}
		var wg sync.WaitGroup
		nums := make([]string, n)
		errs := make([]error, n)
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				who := []string{"wenshu", "xieyu"}[i%2]
				d, err := f.app.ActOnOutgoing(f.ctx, f.actor(who), id, app.OutgoingRequest{Action: outgoing.Register})
				if err != nil {
					errs[i] = err
					return
				}
				nums[i] = d.Number
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("register %d: %v", i, err)
			}
		}
		var want []string
		for i := 1; i <= n; i++ {
			want = append(want, fmt.Sprintf("青政办发〔2026〕%d号", i))
		}
		sort.Slice(nums, func(i, j int) bool {
			return len(nums[i]) < len(nums[j]) || len(nums[i]) == len(nums[j]) && nums[i] < nums[j]
		})
		if !slices.Equal(nums, want) {
			t.Errorf("numbers = %v", nums)
		}
	})
}

// walkToRecheck takes a fresh draft to 复核 by the shortest route.
func (f *fixture) walkToRecheck(id int64) {
	f.t.Helper()
	checks := make([]zhongshu.ReviewCheck, len(zhongshu.ReviewItems))
	for i := range checks {
		checks[i].OK = true
	}
	for _, s := range []struct {
		who string
		req app.OutgoingRequest
	}{
		{"liting", app.OutgoingRequest{Action: outgoing.Submit}},
		{"zhangwei", app.OutgoingRequest{Action: outgoing.Check}},
		{"zhuren", app.OutgoingRequest{Action: outgoing.Review, Checks: checks,
			Signers: []zhongshu.Signature{{LeaderID: f.actor("xianzhang").ID(), UnitID: f.unitID("青川县人民政府办公室")}}}},
		{"xianzhang", app.OutgoingRequest{Action: outgoing.Sign, Circled: true}},
	} {
		if _, err := f.app.ActOnOutgoing(f.ctx, f.actor(s.who), id, s.req); err != nil {
			f.t.Fatalf("%s %s: %v", s.who, s.req.Action, err)
		}
	}
}

// TestOutgoing_UnsignedDeliveryIsMissed: a recipient unit that has not
// signed for a delivered document after a working day is a 漏 of the
// issuer, cleared by its 签收.
func TestOutgoing_UnsignedDeliveryIsMissed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		d, _, err := f.app.CreateOutgoing(f.ctx, f.actor("liting"), f.newOutgoing())
		if err != nil {
			t.Fatal(err)
		}
		f.walkToRecheck(d.ID)
		for _, a := range []outgoing.Action{outgoing.Register, outgoing.Dispatch} {
			if _, err := f.app.ActOnOutgoing(f.ctx, f.actor("wenshu"), d.ID, app.OutgoingRequest{Action: a}); err != nil {
				t.Fatalf("%s: %v", a, err)
			}
		}
		missed := func() []string {
			l, err := f.app.FindLedger(f.ctx, f.actor("zhuren"), zhongshu.FlagFilter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, fl := range l.Flags {
				if fl.Module == app.OutgoingModule && fl.RefType == app.DeliveryRefType {
					out = append(out, fl.Detail[:strings.Index(fl.Detail, "超过")])
				}
			}
			sort.Strings(out)
			return out
		}
		app.SetFlagBatch(f.app, 1) // one delivery a transaction: the paging is walked
		if n, err := f.app.CheckOutgoingReceipts(f.ctx); err != nil || n != 0 {
			t.Fatalf("the same day: raised %d, %v", n, err)
		}
		f.clock.Advance(4 * 24 * time.Hour) // Friday → Tuesday: two working days
		if n, err := f.app.CheckOutgoingReceipts(f.ctx); err != nil || n != 2 {
			t.Fatalf("after two working days: raised %d, %v", n, err)
		}
		if got := missed(); !cmp.Equal(got, []string{"青川县发展和改革局", "青川县财政局"}) {
			t.Errorf("漏 = %v", got)
		}
		det, err := f.app.FindOutgoingDoc(f.ctx, f.actor("wenshu"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, dv := range det.Deliveries {
			if dv.UnitID == f.unitID("青川县发展和改革局") {
				if _, err := f.app.ActOnIncoming(f.ctx, f.actor("fgj.lly"), dv.IncomingID, app.IncomingRequest{Action: "sign"}); err != nil {
					t.Fatal(err)
				}
			}
		}
		if got := missed(); !cmp.Equal(got, []string{"青川县财政局"}) {
			t.Errorf("after the 发改局 signed, 漏 = %v", got)
		}
		if n, err := f.app.CheckOutgoingReceipts(f.ctx); err != nil || n != 0 {
			t.Errorf("second run raised %d, %v", n, err)
		}
	})
}
