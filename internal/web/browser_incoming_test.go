package web_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// incomingTimelineEntry is one <li> of #incoming-timeline as the browser
// shows it: who, the step's label, and the whole entry's text.
type incomingTimelineEntry struct {
	Who   string `json:"who"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// TestBrowser_IncomingRoute takes a 特急 办件 along its route in a real
// browser (issue 4): the 文书 registers it, typing the 来文字号 with square
// brackets; the office director writes the 拟办意见, 呈批 to the 县长 and
// names 县发改局 as 主办 with a due date in working days; the 县长, on a
// phone-sized window, taps a quick phrase in his 待批 list, adds a few words
// and writes the 批示, which 交办 the document; 县发改局's liaison opens it
// from the 工作台, signs for it and reports the result with a 答复文号; the
// 文书 then reads every step, in order, in the document's timeline.
func TestBrowser_IncomingRoute(t *testing.T) {
	path := chromiumPath(t)
	e := newEnv(t)
	ctx := startChromium(t, path)
	dir := browserArtifactDir(t)
	t.Logf("screenshots in %s", dir)

	cst := time.FixedZone("CST", 8*60*60)
	year := time.Now().In(cst).Year()
	wenshu, zhuren := e.actor("wenshu").User, e.actor("zhuren").User
	xianzhang, lly := e.actor("xianzhang").User, e.actor("fgj.lly").User
	fgj := unitByName(t, e, "县发改局")
	const (
		sender      = "市人民政府办公室"
		typedNumber = "市政办发[2026]88号"
		wantNumber  = "市政办发〔2026〕88号"
		title       = "关于做好今冬明春森林防火工作的通知"
		proposal    = "拟请县发改局牵头办理，呈何县长阅示。"
		quick       = "同意拟办意见。"
		added       = "请县发改局抓紧办理，按时报送结果。"
		instruction = quick + added
		result      = "已制定森林防火工作方案，并于今日报送市政府办公室。"
		reply       = "青发改〔2026〕45号"
	)
	due, _ := e.app.DueIn(time.Now(), 5)
	dueDate := due.In(cst).Add(-time.Nanosecond).Format("2006-01-02")

	status := func(want string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(`//strong[@id="incoming-status"][normalize-space()="` + want + `"]`)
	}
	selected := func(id string) string {
		t.Helper()
		return browserRun(t, ctx, "selected option of "+id, chromedp.Evaluate[string](
			`(function(){var s=document.getElementById(`+strconv.Quote(id)+`);return s&&s.selectedIndex>=0?s.options[s.selectedIndex].text.trim():""})()`))
	}

	// 1. The 文书 registers a 特急 办件, the 来文字号 typed with [ ].
	browserDo(t, ctx, "open /", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("username")))
	browserLogin(t, ctx, "wenshu", browserSignedIn())
	browserDo(t, ctx, "open the registration form",
		chromedp.Navigate(e.srv.URL+"/incoming/new"),
		chromedp.WaitVisible(`//form[@action="/incoming/new"]//button[@value="open"]`),
		chromedp.SendKeys(chromedp.ID("sender_name"), sender),
		chromedp.SendKeys(chromedp.ID("sender_number"), typedNumber),
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.Click(`//div[@aria-labelledby="urgency-label"]//input[@name="urgency"][@value="2"]`),
		chromedp.Click(`//div[@aria-labelledby="handling-label"]//input[@name="handling"][@value="action"]`),
	)
	for sel, want := range map[string]bool{
		`document.querySelector('input[name="urgency"][value="2"]').checked`:       true,
		`document.querySelector('input[name="handling"][value="action"]').checked`: true,
	} {
		if got := browserRun(t, ctx, "radio", chromedp.Evaluate[bool](sel)); got != want {
			t.Errorf("%s = %v, want %v", sel, got, want)
		}
	}
	if got := browserRun(t, ctx, "typed 来文字号", chromedp.Value(chromedp.ID("sender_number"))); got != typedNumber {
		t.Errorf("#sender_number = %q, want %q as typed", got, typedNumber)
	}
	browserShot(t, ctx, dir, "incoming-form.png")
	browserDo(t, ctx, "register",
		chromedp.Click(`//form[@action="/incoming/new"]//button[@value="open"]`),
		chromedp.WaitVisible(`//span[@id="incoming-number"][starts-with(normalize-space(), "收〔`+strconv.Itoa(year)+`〕")]`),
		browserFlash("已登记为"),
	)
	loc := browserRun(t, ctx, "document location", chromedp.Location())
	i := strings.Index(loc, "/incoming/")
	if i < 0 {
		t.Fatalf("registering ended at %s, want the document page", loc)
	}
	doc := loc[i:]
	id, err := strconv.ParseInt(strings.TrimPrefix(doc, "/incoming/"), 10, 64)
	if err != nil {
		t.Fatalf("document location %s: %v", loc, err)
	}
	number := strings.TrimSpace(browserText(t, ctx, "收文号", chromedp.ID("incoming-number")))
	if got := browserText(t, ctx, "来文字号", chromedp.ID("incoming-sender-number")); strings.TrimSpace(got) != wantNumber {
		t.Errorf("来文字号 shows %q, want %q (〔〕 in place of [ ])", got, wantNumber)
	}
	if got := browserText(t, ctx, "head", chromedp.ID("incoming-head")); !strings.Contains(got, "特急") || !strings.Contains(got, "办件") || !strings.Contains(got, "已登记") {
		t.Errorf("the head reads %q, want 已登记, 办件 and 特急", got)
	}
	if got := browserText(t, ctx, "title", chromedp.ID("incoming-title")); got != title {
		t.Errorf("title %q, want %q", got, title)
	}
	browserShot(t, ctx, dir, "incoming-registered.png")

	// 2. The office director proposes: 拟办意见, 呈县长, 主办县发改局, 5 working days.
	browserRelogin(t, ctx, "zhuren")
	browserDo(t, ctx, "zhuren opens the document",
		chromedp.Navigate(e.srv.URL+doc),
		chromedp.WaitVisible(`//section[@id="incoming-actions"]/h2[normalize-space()="下一步：拟办"]`),
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("text-propose-%d", id)), proposal),
		chromedp.SetValue(chromedp.ID("leader-propose-0"), strconv.FormatInt(xianzhang.ID, 10)),
		chromedp.SetValue(chromedp.ID("lead-propose"), strconv.FormatInt(fgj, 10)),
		chromedp.SendKeys(chromedp.ID("workdays-propose"), "5"),
	)
	if got := selected("leader-propose-0"); !strings.HasPrefix(got, xianzhang.Name) {
		t.Errorf("呈批 第1位 shows %q, want %s", got, xianzhang.Name)
	}
	if got := selected("lead-propose"); !strings.Contains(got, "青川县发展和改革局") {
		t.Errorf("主办单位 shows %q, want 青川县发展和改革局", got)
	}
	browserShot(t, ctx, dir, "incoming-propose-form.png")
	browserDo(t, ctx, "propose",
		chromedp.Click(`//section[@id="incoming-actions"]//button[@data-action="propose"]`),
		status("呈批中"),
		browserFlash("拟办已完成"),
	)
	if got := browserText(t, ctx, "instructions", chromedp.ID("incoming-instructions")); !strings.Contains(got, proposal) || !strings.Contains(got, xianzhang.Name) ||
		!strings.Contains(got, "待批示") {
		t.Errorf("拟办与批示 reads %q, want the 拟办意见 and %s 待批示", browserClip(got, 300), xianzhang.Name)
	}
	if got := browserText(t, ctx, "assignments", chromedp.ID("incoming-assignments")); !strings.Contains(got, "县发改局") || !strings.Contains(got, "尚未交办") {
		t.Errorf("承办单位 reads %q, want 县发改局, 尚未交办", browserClip(got, 300))
	}
	browserShot(t, ctx, dir, "incoming-proposed.png")

	// 3. The 县长 writes his 批示 on a phone.
	browserRelogin(t, ctx, "xianzhang")
	card := fmt.Sprintf(`//article[@id="pending-%d"]`, id)
	area := fmt.Sprintf("text-instruct-%d", id)
	browserDo(t, ctx, "phone: open 待批",
		chromedp.EmulateViewport(390, 844, chromedp.EmulatePortrait, chromedp.EmulateMobile),
		chromedp.Navigate(e.srv.URL+"/incoming/pending"),
		chromedp.WaitVisible(card+`//button[@data-action="instruct"]`),
	)
	if got := browserRun(t, ctx, "card", chromedp.Text(card)); !strings.Contains(got, title) || !strings.Contains(got, proposal) ||
		!strings.Contains(got, number) || !strings.Contains(got, wantNumber) || !strings.Contains(got, "特急") {
		t.Errorf("the 待批 card reads %q, want the title, the 拟办意见, %s, %s and 特急", browserClip(got, 400), number, wantNumber)
	}
	browserNoSideScroll(t, ctx, "待批 with the card")
	// The phrase button fills the text area by script; wait until it has.
	browserDo(t, ctx, "phone: tap a quick phrase and add to it",
		chromedp.Click(card+`//button[@data-fill="`+quick+`"]`),
		chromedp.Poll[chromedp.Void](`document.getElementById(`+strconv.Quote(area)+`).value === `+strconv.Quote(quick), chromedp.WithPollingInterval(50*time.Millisecond)),
		chromedp.SendKeys(chromedp.ID(area), added),
	)
	if got := browserRun(t, ctx, "批示 text", chromedp.Value(chromedp.ID(area))); got != instruction {
		t.Errorf("批示意见 = %q, want %q", got, instruction)
	}
	browserShot(t, ctx, dir, "incoming-pending-phone.png")
	browserDo(t, ctx, "phone: 批示",
		chromedp.Click(card+`//button[@data-action="instruct"]`),
		browserFlash("批示已完成"),
		chromedp.WaitVisible(chromedp.ID("incoming-pending-empty")),
	)
	browserNoSideScroll(t, ctx, "待批 after the 批示")
	browserShot(t, ctx, dir, "incoming-pending-phone-done.png")
	browserDo(t, ctx, "desktop viewport again", browserDesktop(), chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("incoming-pending-empty")))

	// 4. 县发改局's liaison finds it in the 工作台, signs for it and reports.
	browserRelogin(t, ctx, "fgj.lly")
	browserDo(t, ctx, "fgj.lly opens it from the 工作台",
		chromedp.Navigate(e.srv.URL+"/?tab=todo"),
		chromedp.Click(`//table[@id="work-list"]//a[@href="`+doc+`"]`),
		chromedp.WaitVisible(`//section[@id="incoming-actions"]/h2[normalize-space()="下一步：承办签收"]`),
	)
	if got := browserText(t, ctx, "assignments", chromedp.ID("incoming-assignments")); !strings.Contains(got, dueDate) || strings.Contains(got, "尚未交办") {
		t.Errorf("承办单位 reads %q, want 交办 with the due date %s (5 working days)", browserClip(got, 300), dueDate)
	}
	browserDo(t, ctx, "承办签收",
		chromedp.Click(`//section[@id="incoming-actions"]//button[@data-action="accept"]`),
		status("承办中"),
		chromedp.WaitVisible(`//section[@id="incoming-actions"]/h2[normalize-space()="下一步：报送办理结果"]`),
	)
	browserDo(t, ctx, "报送办理结果",
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("text-report-%d", id)), result),
		chromedp.SendKeys(chromedp.ID("reply-report"), reply),
		chromedp.Click(`//section[@id="incoming-actions"]//button[@data-action="report"]`),
		chromedp.WaitVisible(`//section[@id="incoming-result"]//dd[normalize-space()="`+result+`"]`),
		browserFlash("报送办理结果已完成"),
	)
	if got := browserText(t, ctx, "result", chromedp.ID("incoming-result")); !strings.Contains(got, reply) {
		t.Errorf("办理结果 reads %q, want the 答复文号 %s", got, reply)
	}
	browserShot(t, ctx, dir, "incoming-reported.png")

	// 5. The 文书 reads the whole route in the timeline.
	browserRelogin(t, ctx, "wenshu")
	browserDo(t, ctx, "wenshu opens the document",
		chromedp.Navigate(e.srv.URL+doc),
		chromedp.WaitVisible(`//ol[@id="incoming-timeline"]/li[contains(., "报送办理结果")]`),
	)
	entries := browserRun(t, ctx, "timeline", chromedp.Evaluate[[]incomingTimelineEntry](`Array.from(document.querySelectorAll("#incoming-timeline > li")).map(function (li) {
		var s = li.querySelector("div > strong"), n = s ? s.nextSibling : null;
		return {who: s ? s.textContent.trim() : "", label: n && n.nodeType === 3 ? n.textContent.trim() : "", text: li.textContent.replace(/\s+/g, " ").trim()};
	})`))
	steps := []struct {
		who, label string
		has        []string
	}{
		{wenshu.Name, "登记", []string{"已登记"}},
		{zhuren.Name, "拟办", []string{proposal, "呈" + xianzhang.Name + "依次批示", "呈批中"}},
		{xianzhang.Name, "批示", []string{instruction, "呈批中 → 已交办", "交办：主办县发改局"}},
		{lly.Name, "承办签收", []string{"已交办 → 承办中"}},
		{lly.Name, "报送办理结果", []string{result, "答复文号：" + reply}},
	}
	next := 0
	for _, st := range steps {
		found := false
		for ; next < len(entries); next++ {
			en := entries[next]
			if en.Who == st.who && en.Label == st.label {
				found = true
				for _, s := range st.has {
					if !strings.Contains(en.Text, s) {
						t.Errorf("timeline entry %s %s reads %q, want %q in it", st.who, st.label, en.Text, s)
					}
				}
				next++
				break
			}
		}
		if !found {
			t.Errorf("timeline lacks %s %s in its place; it holds %+v", st.who, st.label, entries)
			next = 0
		}
	}
	if got := browserText(t, ctx, "status", chromedp.ID("incoming-status")); got != "已答复" {
		t.Errorf("status %q, want 已答复", got)
	}
	browserShot(t, ctx, dir, "incoming-timeline.png")
}
