package outgoing_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestInputs checks each action's form: the field and message of every
// missing or wrong input.
func TestInputs(t *testing.T) {
	failed := passed()
	failed[2] = zhongshu.ReviewCheck{Comment: "未与财政局协商一致"}
	longComment := passed()
	longComment[0].Comment = strings.Repeat("审", outgoing.MaxText+1)
	sig := signers(signer(idCounty, unitGov))
	ok := checks(passed())
	long := strings.Repeat("会", 201)
	tests := []struct {
		name   string
		doc    zhongshu.OutgoingDoc
		req    outgoing.Request
		fields map[string]string
	}{
		{"送核稿：核稿人", doc(drafting), request(outgoing.Submit, aDrafter, now), map[string]string{"to": "请选择核稿人"}},
		{"核稿：审核人", doc(unitCheck), request(outgoing.Check, aChecker, now), map[string]string{"to": "请选择审核人"}},
		{"核稿：空单位", doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer), units(unitFinance, 0)),
			map[string]string{"units": "会签单位不能为空"}},
		{"核稿：重复单位", doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer), units(unitFinance, unitFinance)),
			map[string]string{"units": "同一单位不能重复选择"}},
		{"核稿：拟稿单位", doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer), units(unitSecretary)),
			map[string]string{"units": "会签单位不能是拟稿单位"}},
		{"审核：无", doc(officeReview), request(outgoing.Review, aReviewer, now),
			map[string]string{"checks": "请逐项填写审核意见（共5项）", "signers": "请选择签发领导"}},
		{"审核：少一项", doc(officeReview), request(outgoing.Review, aReviewer, now, checks(passed()[:4]), sig),
			map[string]string{"checks": "请逐项填写审核意见（共5项）"}},
		{"审核：未通过", doc(officeReview), request(outgoing.Review, aReviewer, now, checks(failed), sig),
			map[string]string{"checks": "第3项审核未通过，请退回修改，不能审核通过"}},
		{"审核：意见过长", doc(officeReview), request(outgoing.Review, aReviewer, now, checks(longComment), sig),
			map[string]string{"checks": "第1项的审核意见不能超过2000个字"}},
		{"审核：空领导", doc(officeReview), request(outgoing.Review, aReviewer, now, ok, signers(signer(0, unitGov))),
			map[string]string{"signers": "签发领导不能为空"}},
		{"审核：重复领导", doc(officeReview), request(outgoing.Review, aReviewer, now, ok,
			signers(signer(idCounty, unitGov), signer(idCounty, 0))), map[string]string{"signers": "同一领导不能重复选择"}},
		{"审核：非发文机关", doc(officeReview), request(outgoing.Review, aReviewer, now, ok, signers(signer(idCounty, unitEdu))),
			map[string]string{"signers": "签发领导须代表本件的发文机关签发"}},
		{"上会：会议", doc(deliberation), request(outgoing.Deliberate, aDirector, now, meeting("  ")),
			map[string]string{"meeting_ref": "请填写审议通过的会议"}},
		{"上会：会议过长", doc(deliberation), request(outgoing.Deliberate, aDirector, now, meeting(long)),
			map[string]string{"meeting_ref": "不能超过200个字"}},
		{"签发：意见", doc(signing), request(outgoing.Sign, aCounty, now, text(" ")),
			map[string]string{"text": "请填写签发意见，或选择圈阅"}},
		{"登记：无", doc(recheck), request(outgoing.Register, aRegistrar, now, number("", 0, 0, 0)),
			map[string]string{"number": "请填写发文字号", "year": "请填写发文字号的年份", "seq": "请填写发文字号的顺序号"}},
		{"登记：份数过多", doc(recheck), request(outgoing.Register, aRegistrar, now, number("青政办发〔2026〕12号", 2026, 12, 10000)),
			map[string]string{"copies": "印制份数须在1至9999之间"}},
		{"登记：份数为负", doc(recheck), request(outgoing.Register, aRegistrar, now, number("青政办发〔2026〕12号", 2026, 12, -1)),
			map[string]string{"copies": "印制份数须在1至9999之间"}},
		{"生成：无文件", doc(registered), request(outgoing.Produce, aRegistrar, now, rendition(7, "")),
			map[string]string{"rendition": "缺少版式文件"}},
		{"归档：归档号", doc(dispatched), request(outgoing.Archive, aRegistrar, now),
			map[string]string{"archive_number": "请填写归档号"}},
		{"撤销：决定文号过长", doc(dispatched), request(outgoing.Revoke, aDirector, now, text("违法"), decidedBy("县政府"),
			func(r *outgoing.Request) { r.DecisionRef = long }), map[string]string{"decision_ref": "不能超过200个字"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := outgoing.Apply(tt.doc, tt.req)
			checkRefusal(t, err, invalid(tt.fields))
		})
	}
	t.Run("登记：没有份数", func(t *testing.T) {
		d := doc(recheck)
		d.Copies = 0
		_, err := outgoing.Apply(d, request(outgoing.Register, aRegistrar, now, number("青政办发〔2026〕12号", 2026, 12, 0)))
		checkRefusal(t, err, invalid(map[string]string{"copies": "印制份数须在1至9999之间"}))
	})
}

// TestGuards checks the refusals that come from the document itself.
func TestGuards(t *testing.T) {
	unsigned := doc(recheck)
	unsigned.Signatures[1] = zhongshu.Signature{LeaderID: idDeputy, UnitID: unitGov, SentAt: at(6)}
	noRendition := doc(producing)
	noRendition.RenditionID = 0
	onRequest := doc(dispatched)
	onRequest.Disclosure = zhongshu.DisclosureOnRequest
	tests := []struct {
		name string
		doc  zhongshu.OutgoingDoc
		req  outgoing.Request
		want *zhongshu.Error
	}{
		{"登记未签发的", unsigned, request(outgoing.Register, aRegistrar, now, number("青政办发〔2026〕12号", 2026, 12, 0)),
			precond("本件尚未签发，不能登记编号。")},
		{"核发无版式文件的", noRendition, request(outgoing.Dispatch, aRegistrar, now), precond("尚未生成版式文件，不能核发。")},
		{"公开依申请公开的", onRequest, request(outgoing.Publish, aRegistrar, now), precond("只有主动公开的公文才能公开发布。")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := outgoing.Apply(tt.doc, tt.req)
			checkRefusal(t, err, tt.want)
		})
	}
	if got := outgoing.Allowed(onRequest, people[aRegistrar].actor, people[aRegistrar].units, now); !cmp.Equal(got,
		[]outgoing.Action{outgoing.Archive}) {
		t.Errorf("文书 on a 依申请公开 document may %q", got)
	}
	if ps, us := outgoing.Holders(onRequest); ps != nil || us != nil {
		t.Errorf("holders of a dispatched 依申请公开 document: %v, %v", ps, us)
	}
}

func TestRegister(t *testing.T) {
	d := doc(recheck)
	d.WrittenAt = at(30) // set by the 文电科 on the form
	out := mustApply(t, d, request(outgoing.Register, aRegistrar, now, number(" 青政办发〔2026〕12号 ", 2026, 12, 5)))
	got := [3]any{out.Doc.Number, out.Doc.Copies, out.Doc.WrittenAt}
	if diff := cmp.Diff([3]any{"青政办发〔2026〕12号", 5, at(30)}, got); diff != "" {
		t.Errorf("number, copies, 成文日期 (-want +got):\n%s", diff)
	}
	printed := doc(producing)
	printed.PrintedAt = at(40)
	out = mustApply(t, printed, request(outgoing.Dispatch, aRegistrar, now))
	if !out.Doc.PrintedAt.Equal(at(40)) || !out.Doc.DispatchedAt.Equal(now) {
		t.Errorf("printed %v, dispatched %v", out.Doc.PrintedAt, out.Doc.DispatchedAt)
	}
}

func TestReviewNamesTheReviewer(t *testing.T) {
	d := doc(officeReview)
	d.ReviewerID = 0
	out := mustApply(t, d, request(outgoing.Review, aDeputyDir, now, checks(passed()), signers(signer(idCounty, 0))))
	if out.Doc.ReviewerID != idDeputyDir {
		t.Errorf("reviewer %d", out.Doc.ReviewerID)
	}
	out = mustApply(t, doc(officeReview), request(outgoing.Review, aDirector, now, checks(passed()), signers(signer(idCounty, 0))))
	if out.Doc.ReviewerID != idReviewer {
		t.Errorf("the named reviewer was replaced by %d", out.Doc.ReviewerID)
	}
	// whatever the form sends, nobody has signed yet
	s := signer(idCounty, unitGov)
	s.ByID, s.At, s.Opinion = idCounty, at(1), "同意"
	out = mustApply(t, doc(officeReview), request(outgoing.Review, aDirector, now, checks(passed()), signers(s)))
	if diff := cmp.Diff([]zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov, SentAt: now}}, out.Doc.Signatures); diff != "" {
		t.Errorf("signatures (-want +got):\n%s", diff)
	}
}

// TestSignerOwnPlaceFirst: a leader who signs and also holds another
// signer's work signs his own place first, then the other's as 代.
func TestSignerOwnPlaceFirst(t *testing.T) {
	d := doc(signing)
	d.Signatures = []zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov, SentAt: at(6)},
		{LeaderID: idAB, UnitID: unitGov, SentAt: at(6)}}
	out := mustApply(t, d, request(outgoing.Sign, aAB, now, text("同意")))
	if out.Proxy != 0 || out.Doc.Signatures[1].ByID != idAB || out.Doc.Signatures[0].Done() || out.To != signing {
		t.Fatalf("first: proxy %d, signatures %+v, to %s", out.Proxy, out.Doc.Signatures, out.To)
	}
	out = mustApply(t, out.Doc, request(outgoing.Sign, aAB, now, circled()))
	if out.Proxy != idCounty || out.Doc.Signatures[0].ByID != idAB || out.To != recheck || out.Doc.RecheckByID != 0 {
		t.Errorf("second: proxy %d, signatures %+v, to %s, 复核人 %d", out.Proxy, out.Doc.Signatures, out.To, out.Doc.RecheckByID)
	}
	if ps, _ := outgoing.Holders(out.Doc); !cmp.Equal(ps, []int64{0}) {
		t.Errorf("holders of a 复核 with nobody named: %v", ps)
	}
	_, err := outgoing.Apply(out.Doc, request(outgoing.Sign, aAB, now, text("再签")))
	checkRefusal(t, err, forbidden("您不能签发：您不在本件的签发领导之列，或已签发。"))
	// not before the document is sent to sign
	_, err = outgoing.Apply(doc(deliberation), request(outgoing.Sign, aCounty, now, text("同意")))
	checkRefusal(t, err, forbidden("您不能签发：您不在本件的签发领导之列，或已签发。"))
}

// TestCountersignForSeveralUnits: a person of two 会签单位 answers for the
// first, then for the second; one of an answered unit may not answer again.
func TestCountersignForSeveralUnits(t *testing.T) {
	d := mustApply(t, doc(unitCheck), request(outgoing.Check, aChecker, now, to(idReviewer),
		units(unitFinance, unitDevReform))).Doc
	both := outgoing.Request{Action: outgoing.Countersign, Actor: people[aCounter].actor,
		ActorUnits: []int64{unitFinance, unitDevReform}, Now: now, Text: "同意"}
	out := mustApply(t, d, both)
	if out.To != countersign || !out.Doc.Countersigns[0].Agreed || out.Doc.Countersigns[1].Done() {
		t.Fatalf("first: to %s, %+v", out.To, out.Doc.Countersigns)
	}
	_, err := outgoing.Apply(out.Doc, request(outgoing.Countersign, aCounter, now))
	checkRefusal(t, err, forbidden("您不能会签同意：您不是待会签单位的人员，或本单位已会签。"))
	out = mustApply(t, out.Doc, both)
	if out.To != officeReview || !out.Doc.Countersigns[1].Agreed {
		t.Errorf("second: to %s, %+v", out.To, out.Doc.Countersigns)
	}
}

func TestEditByWhoeverHoldsTheDraft(t *testing.T) {
	tests := []struct {
		doc  zhongshu.OutgoingDoc
		who  string
		want *zhongshu.Error
	}{
		{doc(drafting), aStandIn, nil},
		{doc(drafting), aChecker, forbidden("您不能修改文稿：文稿由当前环节的经办人修改。")},
		{doc(unitCheck), aDrafter, forbidden("您不能修改文稿：文稿由当前环节的经办人修改。")},
		{doc(officeReview), aDeputyDir, nil},
		{doc(recheck), aDirector, forbidden("您不能修改文稿：文稿由当前环节的经办人修改。")},
		{doc(signing), aDrafter, precond("该发文当前为“待签发”，不能修改文稿。")},
		{doc(dispatched), aRegistrar, precond("该发文当前为“已核发”，不能修改文稿。")},
		{doc(dispatched), aCounty, forbidden("您不能修改文稿：文稿由当前环节的经办人修改。")},
	}
	for _, tt := range tests {
		out, err := outgoing.Apply(tt.doc, request(outgoing.Edit, tt.who, now, text("理由")))
		checkRefusal(t, err, tt.want)
		if err == nil && (out.To != tt.doc.Status || !cmp.Equal(out.Events, []string{outgoing.EventEdited})) {
			t.Errorf("%s by %s: to %s, events %q", tt.doc.Status, tt.who, out.To, out.Events)
		}
	}
}

// TestHolders says who must act on each fixture.
func TestHolders(t *testing.T) {
	type holders struct{ People, Units []int64 }
	want := map[fx]holders{
		{status: drafting}: {People: []int64{idDrafter}}, returnedDraft: {People: []int64{idDrafter}},
		{status: unitCheck}: {People: []int64{idChecker}}, {status: countersign}: {Units: []int64{unitFinance}},
		{status: officeReview}: {People: []int64{idReviewer}}, {status: deliberation}: {People: []int64{idReviewer}},
		{status: signing}: {People: []int64{idCounty, idDeputy}}, {status: recheck}: {People: []int64{idRegistrar}},
		{status: registered}: {People: []int64{0}}, {status: producing}: {People: []int64{0}},
		{status: dispatched}: {People: []int64{0}},
	}
	for _, f := range fixtures {
		ps, us := outgoing.Holders(fixture(f))
		if diff := cmp.Diff(want[f], holders{ps, us}); diff != "" {
			t.Errorf("%s: holders (-want +got):\n%s", f, diff)
		}
	}
	if ps, us := outgoing.Holders(zhongshu.OutgoingDoc{Status: drafting}); ps != nil || us != nil {
		t.Errorf("a draft with nobody named: %v, %v", ps, us)
	}
}

func TestTextLimits(t *testing.T) {
	long := strings.Repeat("意", outgoing.MaxText)
	cases := []struct {
		name string
		doc  zhongshu.OutgoingDoc
		req  func(s string) outgoing.Request
	}{
		{"修改文稿", doc(drafting), func(s string) outgoing.Request { return request(outgoing.Edit, aDrafter, now, text(s)) }},
		{"会签", doc(countersign), func(s string) outgoing.Request {
			return request(outgoing.Countersign, aCounter, now, text(s))
		}},
		{"退回", doc(officeReview), func(s string) outgoing.Request { return request(outgoing.Return, aReviewer, now, text(s)) }},
		{"签发", doc(signing), func(s string) outgoing.Request { return request(outgoing.Sign, aCounty, now, text(s)) }},
		{"撤稿", doc(drafting), func(s string) outgoing.Request { return request(outgoing.Withdraw, aDrafter, now, text(s)) }},
	}
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			_, err := outgoing.Apply(tt.doc, tt.req(long+"见"))
			checkRefusal(t, err, invalid(map[string]string{"text": "内容不能超过2000个字"}))
			mustApply(t, tt.doc, tt.req(" "+long+"\n")) // trimmed first
		})
	}
	out := mustApply(t, doc(signing), request(outgoing.Sign, aCounty, now, text("  同意印发。\n")))
	if got := out.Doc.Signatures[0].Opinion; got != "同意印发。" {
		t.Errorf("签发意见 %q", got)
	}
}

func TestApplyOddRequests(t *testing.T) {
	d := doc(signing)
	_, err := outgoing.Apply(d, request("fly", aCounty, now))
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "未知的发文操作：fly。"})
	_, err = outgoing.Apply(d, outgoing.Request{Action: outgoing.Sign, Now: now, Text: "同意"})
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeUnauthenticated, Message: "请先登录。"})
	_, err = outgoing.Apply(d, outgoing.Request{Action: outgoing.Sign, Actor: &zhongshu.Actor{}, Now: now, Text: "同意"})
	checkRefusal(t, err, &zhongshu.Error{Code: zhongshu.CodeUnauthenticated, Message: "请先登录。"})
	for _, f := range fixtures {
		if got := outgoing.Allowed(fixture(f), nil, nil, now); got != nil {
			t.Errorf("%s: Allowed for nobody = %q, want none", f, got)
		}
		if got := outgoing.Allowed(fixture(f), zhongshu.SystemActor(), nil, now); got != nil {
			t.Errorf("%s: Allowed for the system = %q, want none", f, got)
		}
	}
}

func TestActions(t *testing.T) {
	want := []outgoing.Action{outgoing.Submit, outgoing.Check, outgoing.Countersign, outgoing.Review,
		outgoing.Deliberate, outgoing.Sign, outgoing.Register, outgoing.Produce, outgoing.Dispatch, outgoing.Publish,
		outgoing.Archive, outgoing.Edit, outgoing.Return, outgoing.Recall, outgoing.Resign, outgoing.Withdraw,
		outgoing.Revoke, outgoing.Abolish, outgoing.VoidNumber}
	if diff := cmp.Diff(want, outgoing.Actions()); diff != "" {
		t.Errorf("actions (-want +got):\n%s", diff)
	}
	labels := map[string]bool{}
	for _, a := range want {
		if !a.Valid() || a.Label() == string(a) || labels[a.Label()] {
			t.Errorf("%s: valid %v, label %q (duplicate %v)", a, a.Valid(), a.Label(), labels[a.Label()])
		}
		labels[a.Label()] = true
	}
	if outgoing.Action("fly").Valid() || outgoing.Action("fly").Label() != "fly" {
		t.Error("unknown actions are not valid and keep their name")
	}
	as := outgoing.Actions()
	as[0] = "changed"
	if outgoing.Actions()[0] != outgoing.Submit {
		t.Error("Actions returned its own slice")
	}
}
