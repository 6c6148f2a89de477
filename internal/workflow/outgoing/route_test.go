package outgoing_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// TestFullRoute walks a new draft from 送核稿 to 归档: two 会签单位, a
// meeting, two leaders of whom the 县长 signs by his AB角 (代).
func TestFullRoute(t *testing.T) {
	start := doc(drafting)
	start.Copies = 0 // the 印制份数 is given at 登记
	sha := "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
	steps := []step{
		{request(outgoing.Edit, aDrafter, at(1), text("补充扑火预案")), drafting, []string{outgoing.EventEdited}, nil},
		{request(outgoing.Submit, aDrafter, at(1), to(idChecker)), unitCheck, []string{outgoing.EventSubmitted}, nil},
		{request(outgoing.Edit, aChecker, at(2)), unitCheck, []string{outgoing.EventEdited}, nil},
		{request(outgoing.Check, aChecker, at(2), to(idReviewer), units(unitFinance, unitDevReform)), countersign,
			[]string{outgoing.EventChecked, outgoing.EventCountersignSent}, nil},
		{request(outgoing.Countersign, aOtherUnit, at(3), text("同意。")), countersign,
			[]string{outgoing.EventCountersigned}, func(t *testing.T, out outgoing.Outcome) {
				ps, us := outgoing.Holders(out.Doc)
				if ps != nil || !cmp.Equal(us, []int64{unitFinance}) {
					t.Errorf("holders after the first 会签: %v, %v", ps, us)
				}
			}},
		{request(outgoing.Countersign, aCounter, at(4)), officeReview,
			[]string{outgoing.EventCountersigned, outgoing.EventCountersignDone}, nil},
		{request(outgoing.Edit, aDirector, at(5), text("修改标题")), officeReview, []string{outgoing.EventEdited}, nil},
		{request(outgoing.Review, aReviewer, at(5), checks(passed()), needsMeeting(),
			signers(signer(idCounty, unitGov), signer(idDeputy, 0))), deliberation, []string{outgoing.EventReviewed},
			func(t *testing.T, out outgoing.Outcome) {
				want := []zhongshu.Signature{signer(idCounty, unitGov), signer(idDeputy, unitGov)}
				if diff := cmp.Diff(want, out.Doc.Signatures); diff != "" || !out.Doc.NeedsMeeting {
					t.Errorf("needs meeting %v; signatures not yet sent (-want +got):\n%s", out.Doc.NeedsMeeting, diff)
				}
				if ps, _ := outgoing.Holders(out.Doc); !cmp.Equal(ps, []int64{idReviewer}) {
					t.Errorf("holders while deliberating: %v", ps)
				}
			}},
		{request(outgoing.Deliberate, aDirector, at(6), meeting(" 县政府第12次常务会议 ")), signing,
			[]string{outgoing.EventDeliberated, outgoing.EventSentToSign}, func(t *testing.T, out outgoing.Outcome) {
				if ps, _ := outgoing.Holders(out.Doc); !cmp.Equal(ps, []int64{idCounty, idDeputy}) {
					t.Errorf("holders while signing: %v", ps)
				}
			}},
		{request(outgoing.Sign, aDeputy, at(7), circled()), signing, []string{outgoing.EventSigned},
			func(t *testing.T, out outgoing.Outcome) {
				if out.Proxy != 0 {
					t.Errorf("proxy %d", out.Proxy)
				}
			}},
		{request(outgoing.Sign, aAB, at(8), text("同意印发。"), to(idRegistrar)), recheck,
			[]string{outgoing.EventSigned, outgoing.EventSigningDone}, func(t *testing.T, out outgoing.Outcome) {
				if out.Proxy != idCounty || !out.Doc.Signatures[0].Proxy() {
					t.Errorf("proxy %d, signature %+v", out.Proxy, out.Doc.Signatures[0])
				}
			}},
		{request(outgoing.Edit, aRegistrar, at(9)), recheck, []string{outgoing.EventEdited}, nil},
		{request(outgoing.Register, aRegistrar, at(9), number("青政办发〔2026〕12号", 2026, 12, 40)), registered,
			[]string{outgoing.EventRegistered}, nil},
		{request(outgoing.Produce, aRegistrar, at(10), rendition(6, "00")), producing, []string{outgoing.EventProduced}, nil},
		{request(outgoing.Produce, aRegistrar, at(10), rendition(7, sha)), producing, []string{outgoing.EventProduced}, nil},
		{request(outgoing.Dispatch, aRegistrar, at(11)), dispatched, []string{outgoing.EventDispatched}, nil},
		{request(outgoing.Publish, aDirector, at(12)), published, []string{outgoing.EventPublished}, nil},
		{request(outgoing.Archive, aRegistrar, at(13), archiveNumber(" 2026-发-0012 ")), archived,
			[]string{outgoing.EventArchived}, nil},
	}
	end, events := walk(t, start, steps)

	want := start
	want.Status = archived
	want.CheckerID, want.CheckedAt, want.ReviewerID = idChecker, at(2), idReviewer
	want.Countersigns = []zhongshu.Countersign{
		{UnitID: unitFinance, SentAt: at(2), ByID: idCounter, At: at(4), Agreed: true},
		{UnitID: unitDevReform, SentAt: at(2), ByID: idOtherUnit, At: at(3), Agreed: true, Text: "同意。"},
	}
	want.Review, want.ReviewedAt, want.NeedsMeeting, want.MeetingRef = passed(), at(5), true, "县政府第12次常务会议"
	want.Signatures = []zhongshu.Signature{
		{LeaderID: idCounty, UnitID: unitGov, SentAt: at(6), ByID: idAB, At: at(8), Opinion: "同意印发。"},
		{LeaderID: idDeputy, UnitID: unitGov, SentAt: at(6), ByID: idDeputy, At: at(7), Circled: true},
	}
	want.RecheckByID = idRegistrar
	want.Year, want.Seq, want.Number, want.Copies = 2026, 12, "青政办发〔2026〕12号", 40
	want.RegisteredByID, want.RegisteredAt, want.WrittenAt = idRegistrar, at(9), at(8)
	want.RenditionID, want.RenditionSM3, want.ProducedAt = 7, sha, at(10)
	want.DispatchedByID, want.DispatchedAt, want.PrintedAt = idRegistrar, at(11), at(11)
	want.PublishedAt, want.ArchiveNumber, want.ArchivedAt = at(12), "2026-发-0012", at(13)
	if diff := cmp.Diff(want, end); diff != "" {
		t.Errorf("document at the end (-want +got):\n%s", diff)
	}
	wantEvents := []string{outgoing.EventEdited, outgoing.EventSubmitted, outgoing.EventEdited, outgoing.EventChecked,
		outgoing.EventCountersignSent, outgoing.EventCountersigned, outgoing.EventCountersigned,
		outgoing.EventCountersignDone, outgoing.EventEdited, outgoing.EventReviewed, outgoing.EventDeliberated,
		outgoing.EventSentToSign, outgoing.EventSigned, outgoing.EventSigned, outgoing.EventSigningDone,
		outgoing.EventEdited, outgoing.EventRegistered, outgoing.EventProduced, outgoing.EventProduced,
		outgoing.EventDispatched, outgoing.EventPublished, outgoing.EventArchived}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestReturnFromEachReviewState sends the draft back from every review
// step, then submits it again: the new round starts clean.
func TestReturnFromEachReviewState(t *testing.T) {
	tests := []struct {
		name  string
		from  zhongshu.OutgoingStatus
		who   string
		proxy int64
		check func(t *testing.T, d zhongshu.OutgoingDoc)
	}{
		{"核稿", unitCheck, aChecker, 0, nil},
		{"会签", countersign, aCounter, 0, func(t *testing.T, d zhongshu.OutgoingDoc) {
			want := zhongshu.Countersign{UnitID: unitFinance, SentAt: at(2), ByID: idCounter, At: now, Text: "涉及资金部分请删除。",
				Returned: true}
			if diff := cmp.Diff(want, d.Countersigns[0]); diff != "" {
				t.Errorf("会签 (-want +got):\n%s", diff)
			}
		}},
		{"审核", officeReview, aReviewer, 0, nil},
		{"审核（办公室副主任）", officeReview, aDeputyDir, 0, nil},
		{"上会", deliberation, aDirector, 0, nil},
		{"签发", signing, aDeputy, 0, nil},
		{"签发（代）", signing, aAB, idCounty, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := doc(tt.from)
			_, err := outgoing.Apply(d, request(outgoing.Return, tt.who, now, text(" ")))
			checkRefusal(t, err, invalid(map[string]string{"text": "请填写退回意见"}))
			out := mustApply(t, d, request(outgoing.Return, tt.who, now, text("涉及资金部分请删除。")))
			if out.To != drafting || out.Proxy != tt.proxy || !cmp.Equal(out.Events, []string{outgoing.EventReturned}) {
				t.Errorf("to %s, proxy %d, events %q", out.To, out.Proxy, out.Events)
			}
			if out.Doc.ReturnedFrom != tt.from || out.Doc.ReturnText != "涉及资金部分请删除。" {
				t.Errorf("returned from %s with %q", out.Doc.ReturnedFrom, out.Doc.ReturnText)
			}
			if tt.check != nil {
				tt.check(t, out.Doc)
			}
			if ps, us := outgoing.Holders(out.Doc); !cmp.Equal(ps, []int64{idDrafter}) || us != nil {
				t.Errorf("holders of the returned draft: %v, %v", ps, us)
			}
			again := mustApply(t, out.Doc, request(outgoing.Submit, aStandIn, now.Add(time.Hour), to(idChecker)))
			type round struct {
				ReturnedFrom zhongshu.OutgoingStatus
				ReturnText   string
				CheckedAt    time.Time
				Review       []zhongshu.ReviewCheck
				ReviewedAt   time.Time
				Signatures   []zhongshu.Signature
				Countersigns []zhongshu.Countersign
				ReviewerID   int64
			}
			var cs []zhongshu.Countersign
			if tt.from != unitCheck {
				cs = []zhongshu.Countersign{{UnitID: unitFinance}, {UnitID: unitDevReform}}
			}
			var reviewer int64
			if tt.from != unitCheck {
				reviewer = idReviewer
			}
			got := round{again.Doc.ReturnedFrom, again.Doc.ReturnText, again.Doc.CheckedAt, again.Doc.Review,
				again.Doc.ReviewedAt, again.Doc.Signatures, again.Doc.Countersigns, again.Doc.ReviewerID}
			if diff := cmp.Diff(round{Countersigns: cs, ReviewerID: reviewer}, got); diff != "" {
				t.Errorf("the new round (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJointDocument: a 联合发文 of the office and the 财政局 is signed by a
// leader of each.
func TestJointDocument(t *testing.T) {
	d := doc(officeReview)
	d.Issuers = append(d.Issuers, zhongshu.Issuer{UnitID: unitFinance, Name: "青川县财政局"})
	review := func(who string, ss ...zhongshu.Signature) (outgoing.Outcome, error) {
		return outgoing.Apply(d, request(outgoing.Review, who, now, checks(passed()), signers(ss...)))
	}
	_, err := review(aReviewer, signer(idCounty, unitGov))
	checkRefusal(t, err, invalid(map[string]string{"signers": "联合发文须由所有联署机关负责人签发"}))
	_, err = review(aReviewer, signer(idCounty, unitGov), signer(idDeputy, 0))
	checkRefusal(t, err, invalid(map[string]string{"signers": "联合发文须由所有联署机关负责人签发"}))
	_, err = review(aReviewer, signer(idCounty, unitGov), signer(idBureau, unitEdu))
	checkRefusal(t, err, invalid(map[string]string{"signers": "签发领导须代表本件的发文机关签发"}))

	out, err := review(aReviewer, signer(idCounty, 0), signer(idBureau, unitFinance))
	if err != nil {
		t.Fatal(err)
	}
	want := []zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov, SentAt: now},
		{LeaderID: idBureau, UnitID: unitFinance, SentAt: now}}
	if diff := cmp.Diff(want, out.Doc.Signatures); diff != "" {
		t.Errorf("signatures (-want +got):\n%s", diff)
	}
	end, events := walk(t, out.Doc, []step{
		{request(outgoing.Sign, aBureau, at(30), text("同意")), signing, []string{outgoing.EventSigned}, nil},
		{request(outgoing.Sign, aCounty, at(31), circled()), recheck,
			[]string{outgoing.EventSigned, outgoing.EventSigningDone}, nil},
		{request(outgoing.Register, aRegistrar, at(32), number("青政办发〔2026〕13号", 2026, 13, 0)), registered,
			[]string{outgoing.EventRegistered}, nil},
	})
	if !end.WrittenAt.Equal(at(31)) || end.Copies != 40 || len(events) != 4 {
		t.Errorf("成文日期 %v (want the last 签发), copies %d, events %q", end.WrittenAt, end.Copies, events)
	}
}

// TestResignAfterRecheck: a substantive change at 复核 goes back to every
// leader who signed.
func TestResignAfterRecheck(t *testing.T) {
	d := doc(recheck)
	_, err := outgoing.Apply(d, request(outgoing.Resign, aRegistrar, now))
	checkRefusal(t, err, invalid(map[string]string{"text": "请说明需报原签批人复审的实质性修改"}))
	_, err = outgoing.Apply(d, request(outgoing.Resign, aChecker, now, text("改动")))
	checkRefusal(t, err, forbidden("您不能报原签批人复审：报原签批人复审由文电科或办公室领导办理。"))
	noSigners := d
	noSigners.Signatures = nil
	_, err = outgoing.Apply(noSigners, request(outgoing.Resign, aRegistrar, now, text("改动")))
	checkRefusal(t, err, precond("本件没有签批人，不能报原签批人复审。"))

	end, _ := walk(t, d, []step{
		{request(outgoing.Resign, aDirector, at(20), text("第二条措施有实质性修改")), signing,
			[]string{outgoing.EventResign, outgoing.EventSentToSign}, func(t *testing.T, out outgoing.Outcome) {
				want := []zhongshu.Signature{{LeaderID: idCounty, UnitID: unitGov, SentAt: at(20)},
					{LeaderID: idDeputy, UnitID: unitGov, SentAt: at(20)}}
				if diff := cmp.Diff(want, out.Doc.Signatures); diff != "" {
					t.Errorf("signatures (-want +got):\n%s", diff)
				}
			}},
		{request(outgoing.Sign, aCounty, at(21), text("同意")), signing, []string{outgoing.EventSigned}, nil},
		{request(outgoing.Sign, aDeputy, at(22), text("同意")), recheck,
			[]string{outgoing.EventSigned, outgoing.EventSigningDone}, nil},
	})
	if end.RecheckByID != idRegistrar || !end.LastSignedAt().Equal(at(22)) {
		t.Errorf("复核人 %d, last signed %v", end.RecheckByID, end.LastSignedAt())
	}
}

func TestRevokeAndAbolish(t *testing.T) {
	for _, s := range []zhongshu.OutgoingStatus{dispatched, published, archived} {
		t.Run(string(s), func(t *testing.T) {
			d := doc(s)
			_, err := outgoing.Apply(d, request(outgoing.Revoke, aDirector, now))
			checkRefusal(t, err, invalid(map[string]string{"text": "请填写撤销理由", "decided_by": "请填写决定机关"}))
			_, err = outgoing.Apply(d, request(outgoing.Abolish, aDirector, now, decidedBy("青川县人民政府")))
			checkRefusal(t, err, invalid(map[string]string{"text": "请填写废止理由", "effective_at": "请填写废止日期"}))
			_, err = outgoing.Apply(d, request(outgoing.Abolish, aDirector, now, text("已被替代"), decidedBy("县政府"),
				effective(time.Date(2026, 3, 1, 23, 0, 0, 0, cst))))
			checkRefusal(t, err, invalid(map[string]string{"effective_at": "废止日期不能早于印发日期"}))
			_, err = outgoing.Apply(d, request(outgoing.Revoke, aRegistrar, now, text("违法"), decidedBy("县政府")))
			checkRefusal(t, err, forbidden("您不能撤销：撤销决定由办公室领导登记。"))

			out := mustApply(t, d, outgoing.Request{Action: outgoing.Revoke, Actor: people[aDeputyDir].actor, Now: now,
				Text: "违反上位法", DecidedBy: " 青川县人民政府 ", DecisionRef: "青府发〔2026〕3号"})
			want := &zhongshu.Revocation{EffectiveAt: at(10), DecidedBy: "青川县人民政府", DecisionRef: "青府发〔2026〕3号",
				Reason: "违反上位法", RecordedByID: idDeputyDir, RecordedAtUTC: now.UTC()}
			if diff := cmp.Diff(want, out.Doc.Revocation); diff != "" || out.To != revoked ||
				!cmp.Equal(out.Events, []string{outgoing.EventRevoked}) {
				t.Errorf("to %s, events %q, revocation (-want +got):\n%s", out.To, out.Events, diff)
			}

			// 废止 on the day of issue, at an earlier hour, is the same date.
			day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
			out = mustApply(t, d, request(outgoing.Abolish, aDirector, now, text("已被新规定替代"), decidedBy("青川县人民政府"),
				effective(day)))
			want = &zhongshu.Revocation{Abolished: true, EffectiveAt: day, DecidedBy: "青川县人民政府", Reason: "已被新规定替代",
				RecordedByID: idDirector, RecordedAtUTC: now.UTC()}
			if diff := cmp.Diff(want, out.Doc.Revocation); diff != "" || out.To != abolished ||
				!cmp.Equal(out.Events, []string{outgoing.EventAbolished}) {
				t.Errorf("to %s, events %q, revocation (-want +got):\n%s", out.To, out.Events, diff)
			}
			for _, end := range []zhongshu.OutgoingStatus{revoked, abolished} {
				e := doc(end)
				if got := outgoing.Allowed(e, people[aDirector].actor, people[aDirector].units, now); got != nil {
					t.Errorf("%s: the director may still %q", end, got)
				}
			}
		})
	}
}

func TestWithdraw(t *testing.T) {
	for _, f := range drafts {
		d := fixture(f)
		_, err := outgoing.Apply(d, request(outgoing.Withdraw, aDrafter, now))
		checkRefusal(t, err, invalid(map[string]string{"text": "请填写撤稿理由"}))
		_, err = outgoing.Apply(d, request(outgoing.Withdraw, aChecker, now, text("不再需要")))
		checkRefusal(t, err, forbidden("您不能撤稿：撤稿由拟稿人或办公室领导决定。"))
		for _, who := range []string{aDrafter, aStandIn, aDeputyDir} {
			out := mustApply(t, d, request(outgoing.Withdraw, who, now, text(" 工作已另行部署 ")))
			if out.To != withdrawn || out.Doc.WithdrawReason != "工作已另行部署" ||
				!cmp.Equal(out.Events, []string{outgoing.EventWithdrawn}) {
				t.Errorf("%s by %s: to %s, reason %q, events %q", f, who, out.To, out.Doc.WithdrawReason, out.Events)
			}
			if ps, us := outgoing.Holders(out.Doc); ps != nil || us != nil {
				t.Errorf("holders of a withdrawn draft: %v, %v", ps, us)
			}
		}
	}
	_, err := outgoing.Apply(doc(unitCheck), request(outgoing.Withdraw, aDrafter, now, text("不再需要")))
	checkRefusal(t, err, precond("该发文当前为“科室核稿”，不能撤稿。"))
}

func TestRecall(t *testing.T) {
	d := doc(unitCheck)
	out := mustApply(t, d, request(outgoing.Recall, aStandIn, now))
	if out.To != drafting || out.Doc.CheckerID != idChecker || !cmp.Equal(out.Events, []string{outgoing.EventRecalled}) {
		t.Errorf("to %s, checker %d, events %q", out.To, out.Doc.CheckerID, out.Events)
	}
	_, err := outgoing.Apply(d, request(outgoing.Recall, aChecker, now))
	checkRefusal(t, err, forbidden("您不能撤回：只有拟稿人可以撤回。"))
	_, err = outgoing.Apply(doc(countersign), request(outgoing.Recall, aDrafter, now))
	checkRefusal(t, err, precond("该发文当前为“会签中”，不能撤回。"))
}
