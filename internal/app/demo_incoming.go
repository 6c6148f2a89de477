package app

import (
	"context"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/incoming"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// demoDoc is one 收文 of the demo workload and how far it has gone.
type demoDoc struct {
	doc   zhongshu.IncomingDoc
	steps []demoDocStep
}

type demoDocStep struct {
	who string
	req func(ids map[string]int64) IncomingRequest
}

// loadDemoIncoming gives the demo county a few 收文 at different stages of
// the route — waiting for 拟办, for the 县长's 批示, in a department's hands,
// in 传阅 — through the same use cases as real work.
func (a *App) loadDemoIncoming(ctx context.Context, unitID map[string]int64) error {
	lead := func(unit string, workdays int) []zhongshu.IncomingAssignment {
		due, _ := a.DueIn(a.clock.Now(), workdays)
		return []zhongshu.IncomingAssignment{{UnitID: unitID[unit], Role: zhongshu.AssignmentLead, DueAt: due}}
	}
	docs := []demoDoc{
		{doc: zhongshu.IncomingDoc{SenderName: "市人民政府办公室", SenderNumber: "市政办发〔2026〕88号",
			Title: "关于做好2026年冬季安全生产工作的紧急通知", Urgency: zhongshu.UrgencyExtra,
			Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction, Summary: "请于12月5日前报送工作方案。"}},
		{doc: zhongshu.IncomingDoc{SenderName: "市发展和改革委员会", SenderNumber: "市发改函〔2026〕213号",
			Title: "关于报送2027年重点项目储备清单的函", Urgency: zhongshu.UrgencyUrgent,
			Channel: zhongshu.ChannelExchange, Handling: zhongshu.HandlingAction},
			steps: []demoDocStep{{"zhuren", func(ids map[string]int64) IncomingRequest {
				return IncomingRequest{Action: incoming.Propose, Text: "拟请县发改局牵头办理。呈何县长阅示。",
					Leaders: []int64{ids["xianzhang"]}, Assignments: lead("青川县发展和改革局", 5)}
			}}}},
		{doc: zhongshu.IncomingDoc{SenderName: "市财政局", SenderNumber: "市财预〔2026〕57号",
			Title: "关于提前下达2027年部分转移支付预算的通知", Channel: zhongshu.ChannelExchange,
			Handling: zhongshu.HandlingAction},
			steps: []demoDocStep{
				{"zhuren", func(ids map[string]int64) IncomingRequest {
					return IncomingRequest{Action: incoming.Propose, Text: "拟请县财政局办理。", Assignments: lead("青川县财政局", 10)}
				}},
				{"czj.lly", func(map[string]int64) IncomingRequest { return IncomingRequest{Action: incoming.Accept} }}}},
		{doc: zhongshu.IncomingDoc{SenderName: "市统计局", SenderNumber: "市统发〔2026〕19号",
			Title: "关于2026年前三季度全市经济运行情况的通报", Channel: zhongshu.ChannelPaper, Handling: zhongshu.HandlingRead},
			steps: []demoDocStep{{"wenshu", func(ids map[string]int64) IncomingRequest {
				return IncomingRequest{Action: incoming.Circulate, Readers: []int64{ids["xianzhang"], ids["fuxianzhang"]}}
			}}}},
	}
	ids := map[string]int64{}
	for _, u := range []string{"xianzhang", "fuxianzhang"} {
		actor, err := a.ActorFor(ctx, u)
		if err != nil {
			return fmt.Errorf("demo 收文: %w", err)
		}
		ids[u] = actor.ID()
	}
	clerk, err := a.ActorFor(ctx, "wenshu")
	if err != nil {
		return fmt.Errorf("demo 收文: %w", err)
	}
	for _, dd := range docs {
		d := dd.doc
		if _, err := a.RegisterIncoming(ctx, clerk, &d, ModeRegister); err != nil {
			return fmt.Errorf("demo 收文 %q: %w", d.Title, err)
		}
		for _, s := range dd.steps {
			actor, err := a.ActorFor(ctx, s.who)
			if err != nil {
				return err
			}
			req := s.req(ids)
			if _, err := a.ActOnIncoming(ctx, actor, d.ID, req); err != nil {
				return fmt.Errorf("demo 收文 %q, %s: %w", d.Title, req.Action, err)
			}
		}
	}
	return nil
}
