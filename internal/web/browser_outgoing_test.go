package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowser_OutgoingRoute takes a 通知 along the 发文 route in a real
// browser: a 科员 of the 秘书科 drafts it in the form (the 文种 sets the
// 行文方向 and the 机关代字, 依申请公开 asks for its reason, the 正文 is
// counted as typed) and sends it to her 科长, who sends it to 县发改局 for
// 会签; the unit's liaison agrees; the office director returns it with a
// comment; the drafter revises it (the second version shows its 修改痕迹)
// and sends it again; the 科长 passes it straight to the office, whose
// director ticks the five points and sends it to the 县长; the 县长 signs
// it on a phone; the 文电科's 文书 numbers it, gets the PDF and issues it;
// 县财政局's liaison finds it as a 收文 and signs for it, and the 发文 page
// shows the 签收回执.
func TestBrowser_OutgoingRoute(t *testing.T) {
	path := chromiumPath(t)
	e := newEnv(t)
	ctx := startChromium(t, path)
	dir := browserArtifactDir(t)
	t.Logf("screenshots in %s", dir)

	year := time.Now().In(time.FixedZone("CST", 8*60*60)).Year()
	fgj, czj := unitByName(t, e, "县发改局"), unitByName(t, e, "县财政局")
	const (
		title   = "青川县人民政府办公室关于做好2027年元旦春节期间值班工作的通知"
		body    = "元旦、春节将至，为确保节日期间各项工作正常运转，现就做好值班工作通知如下。\n一、严格落实值班制度\n各单位要严格执行领导带班和24小时值班制度。\n二、及时报告重要情况\n遇有重大突发事件，要第一时间报告县政府总值班室。"
		comment = "请补充值班表报送时间。"
		added   = "\n三、按时报送值班表\n请于12月25日前将值班表报送县政府总值班室。"
		opinion = "同意印发。"
	)
	status := func(want string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(`//span[@id="outgoing-status"][normalize-space()="` + want + `"]`)
	}
	next := func(label string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(`//section[@id="outgoing-actions"]/h2[normalize-space()="下一步：` + label + `"]`)
	}
	button := func(action string) string {
		return `//section[@id="outgoing-actions"]//button[@data-action="` + action + `"]`
	}
	js := func(what, script string) {
		t.Helper()
		browserRun(t, ctx, what, chromedp.Evaluate[bool](script+";true"))
	}
	// app.js asks before irreversible steps; the test says yes.
	confirmYes := func() { js("accept confirmations", `window.confirm = function () { return true; }`) }

	// 1. The 科员 drafts the 通知.
	browserDo(t, ctx, "open /", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("username")))
	browserLogin(t, ctx, "liting", browserSignedIn())
	browserDo(t, ctx, "open the drafting form from the navigation",
		chromedp.Click(`//nav[@class="sidenav"]//a[normalize-space()="发文"]`),
		chromedp.WaitVisible(`//h1[normalize-space()="发文"]`),
		chromedp.Click(`//main//a[normalize-space()="起草公文"]`),
		chromedp.WaitVisible(chromedp.ID("title")),
	)
	// A 函 is a 平行文 numbered 青政办函; back to 通知, a 下行文 numbered 青政办发.
	js("choose 函", `var k=document.getElementById("kind"); k.value="letter"; k.dispatchEvent(new Event("change", {bubbles: true}))`)
	if d, s := browserRun(t, ctx, "direction", chromedp.Value(chromedp.ID("direction"))), browserRun(t, ctx, "series", chromedp.Value(chromedp.ID("series"))); d != "parallel" || s != "青政办函" {
		t.Errorf("after choosing 函: direction %q, series %q; want parallel, 青政办函", d, s)
	}
	js("choose 通知", `var k=document.getElementById("kind"); k.value="notice"; k.dispatchEvent(new Event("change", {bubbles: true}))`)
	if d, s := browserRun(t, ctx, "direction", chromedp.Value(chromedp.ID("direction"))), browserRun(t, ctx, "series", chromedp.Value(chromedp.ID("series"))); d != "down" || s != "青政办发" {
		t.Errorf("after choosing 通知: direction %q, series %q; want down, 青政办发", d, s)
	}
	browserDo(t, ctx, "fill in the draft",
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SendKeys(chromedp.ID("main_to_text"), "各乡镇人民政府"),
		chromedp.Click(`//fieldset[legend="主送机关"]//details[summary[starts-with(normalize-space(), "县政府部门")]]/summary`),
		chromedp.Click(`//fieldset[legend="主送机关"]//input[@name="main_to"][@value="`+strconv.FormatInt(czj, 10)+`"]`),
		chromedp.SendKeys(chromedp.ID("body"), body),
		chromedp.SendKeys(chromedp.ID("copies"), "30"),
	)
	if got := browserText(t, ctx, "count", chromedp.ID("body-count")); got != fmt.Sprintf("正文共 %d 字", len([]rune(strings.ReplaceAll(body, "\n", "")))) {
		t.Errorf("the count reads %q", got)
	}
	if browserRun(t, ctx, "reason hidden", chromedp.Evaluate[bool](`document.getElementById("disclosure-reason-field").hidden`)) != true {
		t.Error("the reason field shows for 主动公开")
	}
	js("choose 依申请公开", `var d=document.getElementById("disclosure"); d.value="on_request"; d.dispatchEvent(new Event("change", {bubbles: true}))`)
	browserDo(t, ctx, "the reason field appears", chromedp.WaitVisible(chromedp.ID("disclosure_reason")),
		chromedp.SendKeys(chromedp.ID("disclosure_reason"), "内部工作安排"))
	browserShot(t, ctx, dir, "outgoing-form.png")
	browserDo(t, ctx, "save the draft",
		chromedp.Click(`//form[@action="/outgoing/new"]//button[@type="submit"]`),
		browserFlash("已保存草稿"), status("起草中"), next("送核稿"),
	)
	loc := browserRun(t, ctx, "location", chromedp.Location())
	doc := loc[strings.Index(loc, "/outgoing/"):]
	id, err := strconv.ParseInt(strings.TrimPrefix(doc, "/outgoing/"), 10, 64)
	if err != nil {
		t.Fatalf("saving ended at %s", loc)
	}
	if got := browserText(t, ctx, "paper", chromedp.ID("outgoing-paper")); !strings.Contains(got, "各乡镇人民政府，青川县财政局：") || !strings.Contains(got, "一、严格落实值班制度") {
		t.Errorf("the paper reads %q", browserClip(got, 300))
	}
	browserShot(t, ctx, dir, "outgoing-draft.png")
	browserDo(t, ctx, "送核稿", chromedp.Click(button("submit")), status("科室核稿"), browserFlash("送核稿已完成"))

	// 2. The 科长 sends it to 县发改局 for 会签; the liaison agrees.
	browserRelogin(t, ctx, "zhangwei")
	browserDo(t, ctx, "zhangwei opens it", chromedp.Navigate(e.srv.URL+doc), next("核稿通过"))
	js("choose 县发改局", fmt.Sprintf(`for (const o of document.getElementById("units-check").options) o.selected = o.value === "%d"`, fgj))
	browserDo(t, ctx, "核稿通过", chromedp.Click(button("check")), status("会签中"))
	browserRelogin(t, ctx, "fgj.lly")
	browserDo(t, ctx, "fgj.lly opens it from the 工作台",
		chromedp.Navigate(e.srv.URL+"/?tab=todo"),
		chromedp.Click(`//table[@id="work-list"]//a[@href="`+doc+`"]`),
		next("会签同意"),
		chromedp.Click(`//section[@id="outgoing-actions"]//button[@data-og-fill="同意。"]`),
		chromedp.Click(button("countersign")),
		status("办公室审核"),
	)

	// 3. The office director returns it with a comment.
	browserRelogin(t, ctx, "zhuren")
	browserDo(t, ctx, "zhuren returns it",
		chromedp.Navigate(e.srv.URL+doc), next("审核通过"),
		chromedp.Click(`//section[@id="outgoing-actions"]//details/summary[normalize-space()="退回修改"]`),
	)
	confirmYes()
	browserDo(t, ctx, "退回修改",
		chromedp.SendKeys(chromedp.ID(fmt.Sprintf("text-return-%d", id)), comment),
		chromedp.Click(button("return")),
		status("起草中"), browserFlash("退回修改已完成"),
	)
	if got := browserText(t, ctx, "countersigns", chromedp.ID("outgoing-countersigns")); !strings.Contains(got, "县发改局") || !strings.Contains(got, "同意") {
		t.Errorf("会签 reads %q", got)
	}

	// 4. The drafter revises it: version 2 with its 修改痕迹.
	browserRelogin(t, ctx, "liting")
	browserDo(t, ctx, "liting reads the comment", chromedp.Navigate(e.srv.URL+doc),
		chromedp.WaitVisible(`//div[@id="outgoing-returned"][contains(., "`+comment+`")]`),
		chromedp.Click(chromedp.ID("outgoing-edit")),
		chromedp.WaitVisible(chromedp.ID("reason")),
	)
	js("add a paragraph", `var b=document.getElementById("body"); b.value = b.value + `+strconv.Quote(added))
	browserDo(t, ctx, "save version 2",
		chromedp.SendKeys(chromedp.ID("reason"), "按审核意见补充值班表报送时间"),
		chromedp.Click(`//form[@action="`+doc+`/edit"]//button[@type="submit"]`),
		browserFlash("形成第2稿"),
		chromedp.Click(`//section[@id="outgoing-versions"]//details/summary[normalize-space()="查看修改痕迹"]`),
		chromedp.WaitVisible(`//section[@id="outgoing-versions"]//ins[contains(., "按时报送值班表")]`),
	)
	browserShot(t, ctx, dir, "outgoing-revised.png")
	browserDo(t, ctx, "送核稿 again", chromedp.Click(button("submit")), status("科室核稿"))

	// 5. The 科长 passes it to the office without 会签 this time.
	browserRelogin(t, ctx, "zhangwei")
	browserDo(t, ctx, "zhangwei opens it again", chromedp.Navigate(e.srv.URL+doc), next("核稿通过"))
	js("no 会签 this round", `for (const o of document.getElementById("units-check").options) o.selected = false`)
	browserDo(t, ctx, "核稿通过 again", chromedp.Click(button("check")), status("办公室审核"))

	// 6. The director ticks the five points and sends it to the 县长.
	browserRelogin(t, ctx, "zhuren")
	browserDo(t, ctx, "zhuren reviews", chromedp.Navigate(e.srv.URL+doc), next("审核通过"),
		chromedp.Click(`//button[@data-og-checkall]`))
	if n := browserRun(t, ctx, "ticked", chromedp.Evaluate[int](`document.querySelectorAll("input[data-og-check]:checked").length`)); n != 5 {
		t.Errorf("全部通过 ticked %d points, want 5", n)
	}
	if got := browserRun(t, ctx, "signer", chromedp.Evaluate[string](`(function(){var s=document.querySelector("select[name^=signer_]");return s.options[s.selectedIndex].text})()`)); !strings.HasPrefix(got, "何建平") {
		t.Errorf("签发领导 defaults to %q, want 何建平", got)
	}
	browserShot(t, ctx, dir, "outgoing-review.png")
	browserDo(t, ctx, "审核通过", chromedp.Click(button("review")), status("待签发"))

	// 7. The 县长 signs on a phone.
	browserRelogin(t, ctx, "xianzhang")
	browserDo(t, ctx, "phone: open the document",
		chromedp.EmulateViewport(375, 812, chromedp.EmulatePortrait, chromedp.EmulateMobile),
		chromedp.Navigate(e.srv.URL+doc), next("签发"),
		chromedp.Click(`//section[@id="outgoing-actions"]//button[@data-og-fill="`+opinion+`"]`),
		chromedp.Poll[chromedp.Void](`document.getElementById("text-sign-`+strconv.FormatInt(id, 10)+`").value === `+strconv.Quote(opinion), chromedp.WithPollingInterval(50*time.Millisecond)),
	)
	browserNoSideScroll(t, ctx, "the 签发 page")
	if h := browserRun(t, ctx, "button height", chromedp.Evaluate[float64](`document.querySelector('button[data-action="sign"]').getBoundingClientRect().height`)); h < 44 {
		t.Errorf("the 签发 button is %.0f px high on a phone, want at least 44", h)
	}
	browserShot(t, ctx, dir, "outgoing-sign-phone.png")
	browserDo(t, ctx, "phone: 签发", chromedp.Click(button("sign")), status("复核"), browserFlash("签发已完成"))
	browserNoSideScroll(t, ctx, "the page after 签发")
	browserDo(t, ctx, "desktop again", browserDesktop(), chromedp.Reload(), status("复核"))

	// 8. The 文书 numbers it, gets the PDF and issues it.
	browserRelogin(t, ctx, "wenshu")
	number := fmt.Sprintf("青政办发〔%d〕1号", year)
	browserDo(t, ctx, "wenshu registers it", chromedp.Navigate(e.srv.URL+doc), next("登记编号并生成版式文件"),
		chromedp.Click(button("register")),
		chromedp.WaitVisible(`//span[@id="outgoing-number"][normalize-space()="`+number+`"]`),
		chromedp.WaitVisible(chromedp.ID("outgoing-pdf")),
	)
	if got := browserText(t, ctx, "signatures", chromedp.ID("outgoing-signatures")); !strings.Contains(got, "何建平") || !strings.Contains(got, opinion) {
		t.Errorf("签发 reads %q", got)
	}
	savePDF(t, e, doc, dir)
	confirmYes()
	browserDo(t, ctx, "核发", chromedp.Click(button("dispatch")), status("已核发"),
		chromedp.WaitVisible(`//section[@id="outgoing-deliveries"]//span[@class="og-unsigned"]`))
	browserShot(t, ctx, dir, "outgoing-dispatched.png")

	// 9. 县财政局's liaison signs for the 收文.
	browserRelogin(t, ctx, "czj.lly")
	browserDo(t, ctx, "czj.lly opens the 收文 from the 工作台",
		chromedp.Navigate(e.srv.URL+"/?tab=todo"),
		chromedp.Click(`//table[@id="work-list"]//a[contains(., "值班工作的通知")]`),
		chromedp.WaitVisible(`//section[@id="incoming-actions"]/h2[normalize-space()="下一步：签收"]`),
	)
	if got := browserText(t, ctx, "收文", chromedp.ID("incoming-meta")); !strings.Contains(got, number) {
		t.Errorf("the 收文 reads %q, want the 发文字号 %s", browserClip(got, 300), number)
	}
	browserDo(t, ctx, "签收", chromedp.Click(`//section[@id="incoming-actions"]//button[@data-action="sign"]`), browserFlash("签收已完成"))

	// 10. The 发文 page shows the 签收回执.
	browserRelogin(t, ctx, "wenshu")
	browserDo(t, ctx, "wenshu reads the receipt", chromedp.Navigate(e.srv.URL+doc),
		chromedp.WaitVisible(`//section[@id="outgoing-deliveries"]//span[contains(., "已签收")]`))
	if got := browserText(t, ctx, "deliveries", chromedp.ID("outgoing-deliveries")); !strings.Contains(got, "县财政局") || !strings.Contains(got, "均已签收") {
		t.Errorf("分发与签收回执 reads %q", got)
	}
	if got := browserText(t, ctx, "timeline", chromedp.ID("outgoing-timeline")); !strings.Contains(got, "签收回执") || !strings.Contains(got, strings.TrimSuffix(comment, "。")) {
		t.Errorf("the timeline reads %q", browserClip(got, 600))
	}
	browserShot(t, ctx, dir, "outgoing-receipt.png")
}

// savePDF downloads the rendition of doc as the 文书 and saves it, with its
// first page as outgoing-pdf.png when pdftoppm is installed.
func savePDF(t *testing.T, e *env, doc, dir string) {
	t.Helper()
	resp := e.get(e.login("wenshu"), doc+"/rendition")
	pdf := readBody(resp)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
		t.Fatalf("rendition: %d %.20q", resp.StatusCode, pdf)
	}
	p := filepath.Join(dir, "outgoing.pdf")
	if err := os.WriteFile(p, []byte(pdf), 0o644); err != nil {
		t.Fatal(err)
	}
	tool, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Log("pdftoppm not installed: the PDF is not rendered to PNG")
		return
	}
	cctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	prefix := filepath.Join(dir, "outgoing-pdf")
	if out, err := exec.CommandContext(cctx, tool, "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", p, prefix).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v: %s", err, out)
		return
	}
	t.Logf("first page of the PDF: %s.png", prefix)
}
