package app

import (
	"context"
	"fmt"

	"github.com/zhongshu-oa/zhongshu/internal/workflow/outgoing"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// loadDemoOutgoing gives the demo county a few 发文 at different stages —
// a draft, one waiting for the 科长's 核稿, one at the 县长's 签发 — through
// the same use cases as real work. The one to sign lets a visitor sign it
// and issue it (the rendition needs a CJK font; see Fonts).
func (a *App) loadDemoOutgoing(ctx context.Context, unitID map[string]int64) error {
	office := unitID["青川县人民政府办公室"]
	checks := make([]zhongshu.ReviewCheck, len(zhongshu.ReviewItems))
	for i := range checks {
		checks[i].OK = true
	}
	people := map[string]*zhongshu.Actor{}
	for _, u := range []string{"liting", "zhouhao", "zhangwei", "zhuren", "xianzhang"} {
		actor, err := a.ActorFor(ctx, u)
		if err != nil {
			return fmt.Errorf("demo 发文: %w", err)
		}
		people[u] = actor
	}
	docs := []struct {
		drafter string
		doc     zhongshu.OutgoingDoc
		steps   []struct {
			who string
			req OutgoingRequest
		}
	}{
		{drafter: "zhouhao", doc: zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice,
			Title:  "青川县人民政府办公室关于开展2026年度政务信息工作考评的通知",
			MainTo: []zhongshu.Recipient{{Name: "各乡镇人民政府，县政府各部门"}},
			Body: "为进一步提升政务信息工作质量，经县政府同意，决定开展2026年度政务信息工作考评。现将有关事项通知如下。\n" +
				"一、考评范围\n各乡镇人民政府、县政府各部门。\n二、考评内容\n（一）信息报送数量。\n（二）信息采用情况。\n" +
				"三、有关要求\n请各单位于12月20日前报送年度信息工作总结。",
			Disclosure: zhongshu.DisclosureActive, Copies: 40}},
		{drafter: "liting", doc: zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice, Urgency: zhongshu.UrgencyUrgent,
			Title:  "青川县人民政府办公室关于做好2027年元旦春节期间值班工作的通知",
			MainTo: []zhongshu.Recipient{{UnitID: unitID["青川县发展和改革局"]}, {UnitID: unitID["青川县财政局"]}},
			Body: "元旦、春节将至，为确保节日期间各项工作正常运转，现就做好值班工作通知如下。\n一、严格落实值班制度\n" +
				"各单位要严格执行领导带班和24小时值班制度。\n二、及时报告重要情况\n遇有重大突发事件，要第一时间报告县政府总值班室。",
			Disclosure: zhongshu.DisclosureOnRequest, DisclosureReason: "内部工作安排", Copies: 30, Sealed: true},
			steps: []struct {
				who string
				req OutgoingRequest
			}{{"liting", OutgoingRequest{Action: outgoing.Submit}}}},
		{drafter: "liting", doc: zhongshu.OutgoingDoc{Kind: zhongshu.KindNotice,
			Title:           "青川县人民政府办公室关于印发《青川县政务服务“好差评”工作实施办法》的通知",
			MainTo:          []zhongshu.Recipient{{UnitID: unitID["青川县发展和改革局"]}, {Name: "各乡镇人民政府"}},
			CC:              []zhongshu.Recipient{{UnitID: unitID["青川县财政局"]}},
			Body:            "《青川县政务服务“好差评”工作实施办法》已经县政府同意，现印发给你们，请认真贯彻执行。",
			AttachmentNames: []string{"青川县政务服务“好差评”工作实施办法"}, Disclosure: zhongshu.DisclosureActive,
			Copies: 50, Sealed: true},
			steps: []struct {
				who string
				req OutgoingRequest
			}{
				{"liting", OutgoingRequest{Action: outgoing.Submit}},
				{"zhangwei", OutgoingRequest{Action: outgoing.Check}},
				{"zhuren", OutgoingRequest{Action: outgoing.Review, Checks: checks,
					Signers: []zhongshu.Signature{{LeaderID: people["xianzhang"].ID(), UnitID: office}}}},
			}},
	}
	for _, dd := range docs {
		d := dd.doc
		d.Issuers = []zhongshu.Issuer{{UnitID: office}}
		created, _, err := a.CreateOutgoing(ctx, people[dd.drafter], &d)
		if err != nil {
			return fmt.Errorf("demo 发文 %q: %w", d.Title, err)
		}
		for _, s := range dd.steps {
			if _, err := a.ActOnOutgoing(ctx, people[s.who], created.ID, s.req); err != nil {
				return fmt.Errorf("demo 发文 %q, %s: %w", d.Title, s.req.Action, err)
			}
		}
	}
	return nil
}
