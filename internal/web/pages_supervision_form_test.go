package web_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/workflow/supervision"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var svCST = time.FixedZone("CST", 8*3600)

// svDate is the date a deadline (an end-of-day instant) falls on.
func svDate(t time.Time) string { return t.In(svCST).Add(-time.Nanosecond).Format("2006-01-02") }

// svEndOfDay is the deadline at the end of date (YYYY-MM-DD, China time).
func svEndOfDay(t *testing.T, date string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", date, svCST)
	if err != nil {
		t.Fatal(err)
	}
	return d.AddDate(0, 0, 1).UTC()
}

// element returns the element of body with the given id, from its opening
// tag to the end of its select (for a select) or of its tag, or "".
func element(body, id string) string {
	i := strings.Index(body, `id="`+id+`"`)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(body[:i], "<")
	end := strings.Index(body[i:], ">") + i + 1
	if strings.HasPrefix(body[start:], "<select") {
		end = strings.Index(body[i:], "</select>") + i
	}
	return body[start:end]
}

func svHas(t *testing.T, what, body string, want ...string) {
	t.Helper()
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// svForm is a valid registration of a 领导批示 item due in 20 working
// days, reported 按节点, with 县发改局 as 主办 and 县财政局 as 协办.
func svForm(t *testing.T, e *env) (url.Values, time.Time) {
	t.Helper()
	due, _ := e.app.DueIn(time.Now(), 20)
	f := url.Values{"title": {"推进县城污水管网改造"}, "source": {"instruction"},
		"source_ref": {"何建平县长批示：请县发改局牵头，县财政局配合，按节点推进。"}, "content": {"制定改造方案并组织实施。"},
		"assigning_leader_id": {fmt.Sprint(e.actor("xianzhang").ID())}, "lead_unit_id": {fmt.Sprint(unitByName(t, e, "县发改局"))},
		"due_date": {svDate(due)}, "feedback_cycle": {"milestone"}}
	return f, due
}

// TestPages_SupervisionFormRows: the registration form's 办理节点 and 协办
// rows — what it shows, what it saves, and its messages next to each row
// with every typed value kept.
func TestPages_SupervisionFormRows(t *testing.T) {
	e := newEnv(t)
	c := e.login("duchayuan")
	fgj, czj, jyj := unitByName(t, e, "县发改局"), unitByName(t, e, "县财政局"), unitByName(t, e, "县教育局")
	qiu := e.actor("czj.lly").User // 邱雪梅, 县财政局 联络员

	t.Run("empty form", func(t *testing.T) {
		body := readBody(e.get(c, "/supervision/new"))
		if n := strings.Count(body, `name="milestone_name"`); n != 5 {
			t.Errorf("%d 办理节点 rows, want 5 without script", n)
		}
		if n := strings.Count(body, `name="milestone_due"`); n != 5 {
			t.Errorf("%d 节点时限 inputs, want 5", n)
		}
		if n := strings.Count(body, `name="co_unit_id"`); n != 3 {
			t.Errorf("%d 协办 rows, want 3", n)
		}
		svHas(t, "form", body, `value="milestone">按节点反馈`, "办理节点（序时进度）", `data-rows-add="milestone-rows"`, "添加节点",
			"添加协办单位", `data-rows-max="10"`, `/static/`, `supervision.js`, `for="milestone-due-5"`, `for="co-due-3"`, "协办意见时限")
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
			t.Error("inline script or style on the form (the CSP forbids them)")
		}
		// Any active person may be a 协办 unit's 责任人, however many there are.
		var last *zhongshu.User
		if err := e.db.View(context.Background(), func(tx *store.Tx) error {
			active := zhongshu.UserActive
			users, _, err := tx.FindUsers(context.Background(), zhongshu.UserFilter{Status: &active, Limit: zhongshu.MaxPageSize})
			for _, u := range users {
				if !u.HasRole(zhongshu.RoleSysAdmin) && !u.HasRole(zhongshu.RoleSecAdmin) && !u.HasRole(zhongshu.RoleAuditAdmin) {
					last = u
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		persons := element(body, "co-person-1")
		for _, u := range []*zhongshu.User{qiu, last} {
			if !strings.Contains(persons, fmt.Sprintf(`<option value="%d">%s`, u.ID, u.Name)) {
				t.Errorf("co 责任人 select lacks %s (id %d)", u.Name, u.ID)
			}
		}
	})

	t.Run("saved", func(t *testing.T) {
		f, due := svForm(t, e)
		first, _ := e.app.DueIn(time.Now(), 5)
		coDue, _ := e.app.DueIn(time.Now(), 10)
		// Rows 1 and 3 of 5 filled: the empty ones are ignored.
		f["milestone_name"] = []string{"完成管网摸底", "", " 拿出改造方案 ", "", ""}
		f["milestone_due"] = []string{svDate(first), "", svDate(due), "", ""}
		f["co_unit_id"] = []string{"", fmt.Sprint(czj), ""}
		f["co_person_id"] = []string{"", fmt.Sprint(qiu.ID), ""}
		f["co_input_due"] = []string{"", svDate(coDue), ""}
		f["lead_person_id"] = []string{fmt.Sprint(e.actor("fgj.lly").ID())}
		resp := e.postForm(c, "/supervision/new", f)
		loc := resp.Header.Get("Location")
		if body := readBody(resp); resp.StatusCode != 303 || !strings.HasPrefix(loc, "/supervision/") {
			t.Fatalf("register: %d %s %.1500s", resp.StatusCode, loc, body)
		}
		var id int64
		fmt.Sscanf(loc, "/supervision/%d", &id)
		d, err := e.app.FindSupervisionItem(context.Background(), e.actor("duchayuan"), id)
		if err != nil {
			t.Fatal(err)
		}
		it := d.Item
		wantMs := []zhongshu.Milestone{{Name: "完成管网摸底", DueAt: svEndOfDay(t, svDate(first))}, {Name: "拿出改造方案", DueAt: svEndOfDay(t, svDate(due))}}
		if diff := cmp.Diff(wantMs, it.Milestones); diff != "" {
			t.Errorf("milestones (-want +got):\n%s", diff)
		}
		wantAs := []zhongshu.Assignment{{UnitID: fgj, Role: zhongshu.AssignmentLead, PersonID: e.actor("fgj.lly").ID()},
			{UnitID: czj, Role: zhongshu.AssignmentCo, PersonID: qiu.ID, CoInputDue: svEndOfDay(t, svDate(coDue))}}
		if diff := cmp.Diff(wantAs, it.Assignments); diff != "" {
			t.Errorf("assignments (-want +got):\n%s", diff)
		}
		if it.FeedbackCycle != zhongshu.FeedbackMilestone {
			t.Errorf("feedback cycle %s, want milestone", it.FeedbackCycle)
		}
		body := readBody(e.get(c, loc))
		svHas(t, "item page", body, `id="supervision-milestones"`, "完成管网摸底", "拿出改造方案", "未到期", qiu.Name,
			svDate(coDue)+" 24:00", "按节点反馈")
	})

	f, due := svForm(t, e)
	after := svDate(due.AddDate(0, 0, 3))
	tests := []struct {
		name  string
		set   url.Values
		has   []string // messages and kept values
		marks []string // ids that must carry aria-invalid
	}{
		{name: "按节点反馈 without nodes", set: url.Values{"milestone_name": {"", ""}, "milestone_due": {"", ""}},
			has: []string{"按节点反馈须设置办理节点，请在下方填写", "按节点反馈须设置办理节点</div>"}, marks: []string{"feedback_cycle"}},
		{name: "node after the due", set: url.Values{"milestone_name": {"摸底", "验收"}, "milestone_due": {svDate(due), after}},
			has: []string{"节点时限不能晚于办结时限", `value="摸底"`, `value="验收"`, `value="` + after + `"`}, marks: []string{"milestone-due-2"}},
		{name: "node without a date", set: url.Values{"milestone_name": {"", "方案"}, "milestone_due": {"", ""}},
			has: []string{"请填写节点时限", `value="方案"`}, marks: []string{"milestone-due-1"}},
		{name: "date without a name", set: url.Values{"milestone_name": {""}, "milestone_due": {svDate(due)}},
			has: []string{"请填写节点名称"}, marks: []string{"milestone-name-1"}},
		{name: "not a date", set: url.Values{"milestone_name": {"方案"}, "milestone_due": {"下月底"}},
			has: []string{"节点时限须为日期", `value="下月底"`}, marks: []string{"milestone-due-1"}},
		{name: "too many nodes", set: url.Values{"milestone_name": strings.Fields("一 二 三 四 五 六 七 八 九 十 十一"),
			"milestone_due": slicesOf(svDate(due), 11)}, has: []string{"办理节点不能超过10个", `value="十一"`}},
		{name: "co input due after the due", set: url.Values{"co_unit_id": {fmt.Sprint(czj)}, "co_person_id": {fmt.Sprint(qiu.ID)}, "co_input_due": {after}},
			has: []string{"协办意见时限不能晚于办结时限", `value="` + after + `"`}, marks: []string{"co-due-1"}},
		{name: "co unit is the lead", set: url.Values{"co_unit_id": {fmt.Sprint(czj), fmt.Sprint(fgj)}, "co_person_id": {"", ""}, "co_input_due": {"", ""}},
			has: []string{"协办单位不能与主办单位相同"}, marks: []string{"co-unit-2"}},
		{name: "co unit twice", set: url.Values{"co_unit_id": {fmt.Sprint(czj), fmt.Sprint(jyj), fmt.Sprint(czj)}},
			has: []string{"同一单位不能重复交办"}, marks: []string{"co-unit-3"}},
		{name: "person without a unit", set: url.Values{"co_unit_id": {""}, "co_person_id": {fmt.Sprint(qiu.ID)}, "co_input_due": {""}},
			has: []string{"请选择协办单位"}, marks: []string{"co-unit-1"}},
		{name: "co date not a date", set: url.Values{"co_unit_id": {fmt.Sprint(czj)}, "co_person_id": {""}, "co_input_due": {"月底"}},
			has: []string{"协办意见时限须为日期", `value="月底"`}, marks: []string{"co-due-1"}},
		{name: "no such person", set: url.Values{"co_unit_id": {fmt.Sprint(czj)}, "co_person_id": {"999999"}, "co_input_due": {""},
			"milestone_name": {"方案"}, "milestone_due": {svDate(due)}}, has: []string{"人员不存在"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range f {
				form[k] = v
			}
			if _, ok := tt.set["milestone_name"]; !ok {
				form["milestone_name"], form["milestone_due"] = []string{"方案"}, []string{svDate(due)}
			}
			for k, v := range tt.set {
				form[k] = v
			}
			resp := e.postForm(c, "/supervision/new", form)
			body := readBody(resp)
			if resp.StatusCode != 400 {
				t.Fatalf("status %d, want 400: %.1500s", resp.StatusCode, body)
			}
			svHas(t, "form", body, tt.has...)
			for _, id := range tt.marks {
				if el := element(body, id); !strings.Contains(el, `aria-invalid="true"`) {
					t.Errorf("#%s not marked invalid: %.300s", id, el)
				}
			}
			// Everything typed comes back.
			svHas(t, "form", body, `value="推进县城污水管网改造"`, "何建平县长批示：请县发改局牵头", "制定改造方案并组织实施。", `value="`+svDate(due)+`"`)
			if el := element(body, "feedback_cycle"); !strings.Contains(el, `value="milestone" selected`) {
				t.Errorf("feedback cycle not kept: %.300s", el)
			}
			if el := element(body, "lead_unit_id"); !strings.Contains(el, fmt.Sprintf(`value="%d" selected`, fgj)) {
				t.Error("lead unit not kept")
			}
			for i, v := range form["co_unit_id"] {
				if el := element(body, fmt.Sprintf("co-unit-%d", i+1)); v != "" && !strings.Contains(el, `value="`+v+`" selected`) {
					t.Errorf("co unit %d (%s) not kept", i+1, v)
				}
			}
			for i, v := range form["co_person_id"] {
				if el := element(body, fmt.Sprintf("co-person-%d", i+1)); v != "" && v != "999999" && !strings.Contains(el, `value="`+v+`" selected`) {
					t.Errorf("co person %d (%s) not kept", i+1, v)
				}
			}
			if n := strings.Count(body, `name="milestone_name"`); n < 5 {
				t.Errorf("%d node rows, want at least 5", n)
			}
		})
	}
}

func slicesOf(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// TestPages_SupervisionMilestoneReport: the lead unit's 阶段反馈 form
// offers the open nodes; reporting one done shows it 已完成 and clears 滞后
// on the item and in the 台账. The co unit is offered none and may not mark
// one; its 责任人 and 协办意见时限 show on the item page.
func TestPages_SupervisionMilestoneReport(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	due, _ := e.app.DueIn(time.Now(), 20)
	qiu := e.actor("czj.lly")
	it := &zhongshu.SupervisionItem{Title: "城区积水点整治", Source: zhongshu.SourceInstruction,
		SourceRef: "何建平县长批示：汛期前完成积水点整治。", Content: "按节点完成积水点整治。",
		AssigningLeaderID: e.actor("xianzhang").ID(), DueAt: due, FeedbackCycle: zhongshu.FeedbackMilestone,
		// The first node was due yesterday: the item lags from the start.
		Milestones: []zhongshu.Milestone{{Name: "排查积水点", DueAt: svEndOfDay(t, time.Now().In(svCST).AddDate(0, 0, -1).Format("2006-01-02"))},
			{Name: "完成整治", DueAt: due}},
		Assignments: []zhongshu.Assignment{
			{UnitID: unitByName(t, e, "县发改局"), Role: zhongshu.AssignmentLead},
			{UnitID: unitByName(t, e, "县财政局"), Role: zhongshu.AssignmentCo, PersonID: qiu.ID(), CoInputDue: due.AddDate(0, 0, -3)},
		}}
	if err := e.app.CreateSupervisionItem(ctx, e.actor("duchayuan"), it); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct {
		who string
		act supervision.Action
	}{{"duchayuan", supervision.Submit}, {"fgj.lly", supervision.Sign}, {"czj.lly", supervision.Sign}} {
		if _, err := e.app.ActOnSupervision(ctx, e.actor(s.who), it.ID, app.SupervisionRequest{Action: s.act}); err != nil {
			t.Fatalf("%s %s: %v", s.who, s.act, err)
		}
	}
	item := fmt.Sprintf("/supervision/%d", it.ID)
	lightRE := regexp.MustCompile(`(?s)` + regexp.QuoteMeta(it.Title) + `</a>.*?<span class="light ([a-z-]+)">([^<]+)</span>`)
	ledger := func(when, class, label string) {
		t.Helper()
		m := lightRE.FindStringSubmatch(readBody(e.get(e.login("zhuren"), "/supervision")))
		if m == nil || m[1] != class || m[2] != label {
			t.Errorf("%s: ledger light %q, want %s %s", when, m, class, label)
		}
	}
	ledger("node missed", "light-near", "滞后")

	lead := e.login("fgj.lly")
	body := readBody(e.get(lead, item))
	svHas(t, "lead unit's page", body, `<span class="light light-near" id="supervision-light">滞后</span>`, `data-milestone-state="滞后"`,
		`<span class="light light-near">滞后</span>`, `data-milestone-state="未到期"`, "本次完成的节点", `id="milestone-report"`,
		`<option value="1">1. 排查积水点（时限`, `<option value="2">2. 完成整治（时限 `+svDate(due)+`）`, qiu.User.Name, fmtDueOf(due.AddDate(0, 0, -3)))
	co := e.login("czj.lly")
	if body := readBody(e.get(co, item)); strings.Contains(body, "本次完成的节点") {
		t.Error("the co unit is offered nodes to mark done")
	}
	resp := e.postForm(co, item+"/act", url.Values{"action": {"report"}, "reason": {"已排查财政资金缺口。"}, "milestone": {"1"}})
	if body := readBody(resp); resp.StatusCode != 403 || !strings.Contains(body, "办理节点的完成情况由主办单位报告") {
		t.Errorf("co unit marking a node: %d %.600s", resp.StatusCode, body)
	}
	resp = e.postForm(lead, item+"/act", url.Values{"action": {"report"}, "reason": {"已排查全部积水点。"}, "milestone": {"5"}})
	if body := readBody(resp); resp.StatusCode != 400 || !strings.Contains(body, "本事项没有这个办理节点") ||
		!strings.Contains(element(body, "milestone-report"), `aria-invalid="true"`) || !strings.Contains(body, "已排查全部积水点。") {
		t.Errorf("a node that does not exist: %d %.600s", resp.StatusCode, body)
	}
	resp = e.postForm(lead, item+"/act", url.Values{"action": {"report"}, "reason": {"已排查全部积水点。"}, "milestone": {"1"}})
	if resp.StatusCode != 303 {
		t.Fatalf("report with a node: %d %.600s", resp.StatusCode, readBody(resp))
	}
	readBody(resp)
	body = readBody(e.get(lead, item))
	svHas(t, "after the report", body, `data-milestone-state="已完成"`, "完成节点：排查积水点。已排查全部积水点。",
		`<span class="light light-ok" id="supervision-light">正常</span>`, `<option value="2">2. 完成整治`, "节点“排查积水点”记为已完成")
	if strings.Contains(element(body, "milestone-report"), `value="1"`) {
		t.Error("a done node is still offered")
	}
	ledger("node done", "light-ok", "正常")
}

func fmtDueOf(t time.Time) string { return svDate(t) + " 24:00" }

// TestAPI_SupervisionMilestones: the API registers 办理节点 and 协办 units
// with their own 责任人 and 协办意见时限, reports a node done, and shows both
// in the detail.
func TestAPI_SupervisionMilestones(t *testing.T) {
	e := newEnv(t)
	fgj, czj := unitByName(t, e, "县发改局"), unitByName(t, e, "县财政局")
	qiu, ren := e.actor("czj.lly").ID(), e.actor("fgj.lly").ID()
	due, _ := e.app.DueIn(time.Now(), 20)
	first, _ := e.app.DueIn(time.Now(), 5)
	body := func(extra string) string {
		return `{"title":"推进县城污水管网改造","source":"meeting","source_ref":"县政府第12次常务会议议定事项第3项","content":"按会议要求推进。",
			"due_date":"` + svDate(due) + `"` + extra + `}`
	}
	good := body(fmt.Sprintf(`,"feedback_cycle":"milestone",
		"assignments":[{"unit_id":%d,"role":"lead","person_id":%d},{"unit_id":%d,"role":"co","person_id":%d,"co_input_due":%q}],
		"milestones":[{"name":"完成管网摸底","due":%q},{"name":"拿出改造方案","due":%q}]`,
		fgj, ren, czj, qiu, svDate(first), svDate(first), svDate(due)))
	for _, tt := range []struct {
		name, body string
		field, msg string
	}{
		{"按节点反馈 without nodes", body(fmt.Sprintf(`,"lead_unit_id":%d,"feedback_cycle":"milestone"`, fgj)), "milestones", "按节点反馈须设置办理节点"},
		{"node after the due", body(fmt.Sprintf(`,"lead_unit_id":%d,"milestones":[{"name":"验收","due":%q}]`, fgj, svDate(due.AddDate(0, 0, 2)))),
			"milestones", "节点时限不能晚于办结时限"},
		{"node without a name", body(fmt.Sprintf(`,"lead_unit_id":%d,"milestones":[{"name":"","due":%q}]`, fgj, svDate(due))), "milestones", "请填写节点名称"},
		{"co input after the due", body(fmt.Sprintf(`,"assignments":[{"unit_id":%d,"role":"lead"},{"unit_id":%d,"role":"co","co_input_due":%q}]`,
			fgj, czj, svDate(due.AddDate(0, 0, 2)))), "co_unit_id", "协办意见时限不能晚于办结时限"},
		{"two leads", body(fmt.Sprintf(`,"lead_unit_id":%d,"assignments":[{"unit_id":%d,"role":"lead"}]`, fgj, czj)), "lead_unit_id", "须明确一个且只有一个主办单位"},
		{"no lead at all", body(fmt.Sprintf(`,"assignments":[{"unit_id":%d,"role":"co"}]`, czj)), "lead_unit_id", "请选择主办单位"},
		{"bad role", body(fmt.Sprintf(`,"lead_unit_id":%d,"assignments":[{"unit_id":%d,"role":"boss"}]`, fgj, czj)), "assignments", "role 须为 lead（主办）或 co（协办）"},
		{"co unit in both lists", body(fmt.Sprintf(`,"lead_unit_id":%d,"co_unit_ids":[%d],"assignments":[{"unit_id":%d,"role":"co"}]`, fgj, czj, czj)),
			"co_unit_id", "同一单位不能重复交办"},
	} {
		resp := e.apiDo("duchayuan", "POST", "/api/v1/supervision", tt.body)
		b := readBody(resp)
		if resp.StatusCode != 400 || !strings.Contains(b, fmt.Sprintf("%q:%q", tt.field, tt.msg)) {
			t.Errorf("%s: %d %s, want 400 with %s: %s", tt.name, resp.StatusCode, b, tt.field, tt.msg)
		}
	}

	resp := e.apiDo("duchayuan", "POST", "/api/v1/supervision", good)
	b := readBody(resp)
	if resp.StatusCode != 201 {
		t.Fatalf("create: %d %s", resp.StatusCode, b)
	}
	svHas(t, "created item", b, `"feedback_cycle":"milestone"`, `"name":"完成管网摸底"`, `"due_date":"`+svDate(first)+`"`, `"done_at":null`,
		fmt.Sprintf(`"unit_id":%d,"role":"co","role_label":"协办","person_id":%d`, czj, qiu),
		fmt.Sprintf(`"co_input_due":"%s"`, svEndOfDay(t, svDate(first)).In(svCST).Format(time.RFC3339)))
	loc := resp.Header.Get("Location")
	for _, s := range []struct{ who, body string }{{"duchayuan", `{"action":"submit"}`}, {"fgj.lly", `{"action":"sign"}`}, {"czj.lly", `{"action":"sign"}`}} {
		if resp := e.apiDo(s.who, "POST", loc+"/actions", s.body); resp.StatusCode != 200 {
			t.Fatalf("%s %s: %d %s", s.who, s.body, resp.StatusCode, readBody(resp))
		}
	}
	if resp := e.apiDo("czj.lly", "POST", loc+"/actions", `{"action":"report","reason":"已测算资金。","milestone":1}`); resp.StatusCode != 403 {
		t.Errorf("co unit marking a node: %d %s", resp.StatusCode, readBody(resp))
	}
	resp = e.apiDo("fgj.lly", "POST", loc+"/actions", `{"action":"report","reason":"摸底完成。","milestone":3}`)
	if b := readBody(resp); resp.StatusCode != 400 || !strings.Contains(b, `"milestone":"本事项没有这个办理节点"`) {
		t.Errorf("no such node: %d %s", resp.StatusCode, b)
	}
	resp = e.apiDo("fgj.lly", "POST", loc+"/actions", `{"action":"report","reason":"摸底完成。","milestone":1}`)
	if b := readBody(resp); resp.StatusCode != 200 || strings.Count(b, `"done_at":null`) != 1 {
		t.Errorf("report a node: %d %s, want one node still open", resp.StatusCode, b)
	}
	resp = e.apiDo("duchayuan", "GET", loc, "")
	b = readBody(resp)
	svHas(t, "detail", b, `"name":"完成管网摸底","due_at":`, `"text":"完成节点：完成管网摸底。摸底完成。"`, fmt.Sprintf(`"person_id":%d`, qiu))
	if strings.Contains(b, `"name":"完成管网摸底","due_at":"`+svEndOfDay(t, svDate(first)).In(svCST).Format(time.RFC3339)+`","due_date":"`+svDate(first)+`","done_at":null`) {
		t.Errorf("the node done is still open in the detail: %s", b)
	}
}
