package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// apiOutOffice is the 主办机关 of the test documents (机关代字 青政办).
const apiOutOffice = "青川县人民政府办公室"

// apiOutDraft is a 通知 of the county government office to the 县发改局
// and the 乡镇 (统称), copied to the 县财政局, as liting of the 秘书科
// drafts it.
func apiOutDraft(t testing.TB, e *env, title string) *zhongshu.OutgoingDoc {
	t.Helper()
	return &zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice,
		Issuers: []zhongshu.Issuer{{UnitID: unitByName(t, e, apiOutOffice)}},
		Title:   title,
		MainTo:  []zhongshu.Recipient{{UnitID: unitByName(t, e, "县发改局")}, {Name: "各乡镇人民政府"}},
		CC:      []zhongshu.Recipient{{UnitID: unitByName(t, e, "县财政局")}},
		Body: "为切实做好元旦春节期间安全生产工作，现将有关事项通知如下。\n一、提高思想认识\n各地各部门要高度重视。\n" +
			"二、强化隐患排查\n请于12月31日前报送排查情况。",
		AttachmentNames: []string{"安全生产检查表"}, Disclosure: zhongshu.DisclosureActive, Copies: 30, Sealed: true}
}

// apiOutChecks is a 审核 with all five points passed.
func apiOutChecks() []zhongshu.ReviewCheck {
	checks := make([]zhongshu.ReviewCheck, len(zhongshu.ReviewItems))
	for i := range checks {
		checks[i].OK = true
	}
	return checks
}

// seedOutgoing drafts a 通知 titled title as liting, with a .txt attachment,
// and walks it through the app by the shortest route until it reaches
// status to: 核稿 by zhangwei, 审核 by zhuren, 签发 by xianzhang, 复核登记,
// 核发, 公开 and 归档 by wenshu. wenshu and zhuren see it as 文电科 and office
// leadership, xianzhang once he is to sign; duchayuan and fgj.lly (whose
// unit is only a recipient) have no part in it.
func seedOutgoing(t testing.TB, e *env, title string, to zhongshu.OutgoingStatus) (*zhongshu.OutgoingDoc, *zhongshu.Attachment) {
	t.Helper()
	ctx := context.Background()
	d, _, err := e.app.CreateOutgoing(ctx, e.actor("liting"), apiOutDraft(t, e, title))
	if err != nil {
		t.Fatalf("create 发文: %v", err)
	}
	body := "安全生产检查表：一、消防；二、交通；三、燃气。"
	att, err := e.app.AddOutgoingAttachment(ctx, e.actor("liting"), d.ID, "安全生产检查表.txt", int64(len(body)), strings.NewReader(body))
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	steps := []struct {
		who string
		req app.OutgoingRequest
	}{
		{"liting", app.OutgoingRequest{Action: outgoing.Submit}},
		{"zhangwei", app.OutgoingRequest{Action: outgoing.Check}},
		{"zhuren", app.OutgoingRequest{Action: outgoing.Review, Checks: apiOutChecks(),
			Signers: []zhongshu.Signature{{LeaderID: e.actor("xianzhang").ID(), UnitID: unitByName(t, e, apiOutOffice)}}}},
		{"xianzhang", app.OutgoingRequest{Action: outgoing.Sign, Text: "同意印发。"}},
		{"wenshu", app.OutgoingRequest{Action: outgoing.Register}},
		{"wenshu", app.OutgoingRequest{Action: outgoing.Dispatch}},
		{"wenshu", app.OutgoingRequest{Action: outgoing.Publish}},
		{"wenshu", app.OutgoingRequest{Action: outgoing.Archive}},
	}
	for _, s := range steps {
		if d.Status == to {
			return d, att
		}
		if d, err = e.app.ActOnOutgoing(ctx, e.actor(s.who), d.ID, s.req); err != nil {
			t.Fatalf("seed 发文 %s %s: %v", s.who, s.req.Action, err)
		}
	}
	if d.Status != to {
		t.Fatalf("seed 发文: %s is not on the route (ended at %s)", to, d.Status)
	}
	return d, att
}
