package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// seedIncoming registers a 办件 as the 文书 and 交办 it straight to 县发改局
// (主办, fgj.lly's unit) by the office director, with a .txt attachment.
// wenshu and zhuren see it as 文电科 and office leadership; fgj.lly as its
// unit; duchayuan and xianzhang have no part in it.
func seedIncoming(t testing.TB, e *env, title string) (*zhongshu.IncomingDoc, *zhongshu.Attachment) {
	t.Helper()
	ctx := context.Background()
	d := &zhongshu.IncomingDoc{SenderName: "市人民政府办公室", SenderNumber: "市政办发〔2026〕88号", Title: title + "的通知",
		Urgency: zhongshu.UrgencyUrgent, Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction}
	if _, err := e.app.RegisterIncoming(ctx, e.actor("wenshu"), d, app.ModeRegister); err != nil {
		t.Fatalf("register incoming: %v", err)
	}
	due, _ := e.app.DueIn(d.RegisteredAt, 5)
	if _, err := e.app.ActOnIncoming(ctx, e.actor("zhuren"), d.ID, app.IncomingRequest{Action: incoming.Propose,
		Text: "请县发改局办理。", Assignments: []zhongshu.IncomingAssignment{
			{UnitID: unitByName(t, e, "县发改局"), Role: zhongshu.AssignmentLead, DueAt: due}}}); err != nil {
		t.Fatalf("propose incoming: %v", err)
	}
	body := "关于森林防火工作的通知正文。"
	att, err := e.app.AddIncomingAttachment(ctx, e.actor("wenshu"), d.ID, "来文正文.txt", int64(len(body)), strings.NewReader(body))
	if err != nil {
		t.Fatalf("attach: %v", err)
	}
	return d, att
}
