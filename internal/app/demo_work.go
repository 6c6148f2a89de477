package app

import (
	"context"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// demoItem is one 督办 item of the demo workload and how far it has gone.
type demoItem struct {
	title, ref, content string
	source              zhongshu.SupervisionSource
	lead, co            string // unit full names
	workdays            int    // deadline in working days from now
	steps               []demoStep
}

type demoStep struct {
	who string
	req SupervisionRequest
}

// LoadDemoWork gives the demo county a few 督办 items and 收文 at different
// stages, so that the 工作台, the 收文 list, the 督办台账 and the 压误漏台账
// have something to show.
// It goes through the same use cases as real work (audited, with 待办 and
// deadlines) and is meant for `serve --demo` on a freshly loaded county.
func (a *App) LoadDemoWork(ctx context.Context) error {
	items := []demoItem{
		{title: "推进城区公共停车场建设", ref: "县长批示：请发改局牵头，城关镇配合，年底前拿出建设方案。",
			content: "提出选址、规模、资金测算和建设时序方案。", source: zhongshu.SourceInstruction,
			lead: "青川县发展和改革局", co: "青川县城关镇人民政府", workdays: 20,
			steps: []demoStep{{"duchayuan", SupervisionRequest{Action: supervision.Submit}},
				{"fgj.lly", SupervisionRequest{Action: supervision.Sign}},
				{"fgj.lly", SupervisionRequest{Action: supervision.Report, Reason: "已完成初步选址，正在开展资金测算。"}}}},
		{title: "做好冬季森林防火工作", ref: "县政府常务会议议定事项（第12次）", content: "落实重点区域巡护和火源管控。",
			source: zhongshu.SourceMeeting, lead: "青川县林业局", workdays: 2,
			steps: []demoStep{{"duchayuan", SupervisionRequest{Action: supervision.Submit}}}},
		{title: "加快老旧小区改造项目进度", ref: "副县长批示：请住建局抓紧推进，每月报送进展。",
			content: "按月报送改造进度，确保年内完工。", source: zhongshu.SourceInstruction,
			lead: "青川县住房和城乡建设局", workdays: 10,
			steps: []demoStep{{"duchayuan", SupervisionRequest{Action: supervision.Submit}}}},
		{title: "办理县人大代表关于农村公路养护的建议", ref: "县人大第3号建议", content: "研究提出农村公路养护资金保障措施并答复代表。",
			source: zhongshu.SourceNPCCPPCC, lead: "青川县交通运输局", co: "青川县财政局", workdays: 30,
			steps: []demoStep{{"duchayuan", SupervisionRequest{Action: supervision.Submit}}}},
	}
	sup, err := a.ActorFor(ctx, "duchayuan")
	if err != nil {
		return fmt.Errorf("demo work: %w", err)
	}
	leader, err := a.ActorFor(ctx, "xianzhang")
	if err != nil {
		return fmt.Errorf("demo work: %w", err)
	}
	units, _, err := a.FindUnits(ctx, zhongshu.SystemActor(), zhongshu.UnitFilter{})
	if err != nil {
		return err
	}
	unitID := map[string]int64{}
	for _, u := range units {
		unitID[u.FullName] = u.ID
	}
	if err := a.loadDemoIncoming(ctx, unitID); err != nil {
		return err
	}
	if err := a.loadDemoOutgoing(ctx, unitID); err != nil {
		return err
	}
	for _, d := range items {
		due, _ := a.DueIn(a.clock.Now(), d.workdays)
		it := &zhongshu.SupervisionItem{Title: d.title, Source: d.source, SourceRef: d.ref, Content: d.content,
			AssigningLeaderID: leader.ID(), DueAt: due,
			Assignments: []zhongshu.Assignment{{UnitID: unitID[d.lead], Role: zhongshu.AssignmentLead}}}
		if d.co != "" {
			it.Assignments = append(it.Assignments, zhongshu.Assignment{UnitID: unitID[d.co], Role: zhongshu.AssignmentCo})
		}
		if err := a.CreateSupervisionItem(ctx, sup, it); err != nil {
			return fmt.Errorf("demo work %q: %w", d.title, err)
		}
		for _, s := range d.steps {
			actor, err := a.ActorFor(ctx, s.who)
			if err != nil {
				return err
			}
			if _, err := a.ActOnSupervision(ctx, actor, it.ID, s.req); err != nil {
				return fmt.Errorf("demo work %q, %s: %w", d.title, s.req.Action, err)
			}
		}
	}
	return nil
}
