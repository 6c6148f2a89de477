package web_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/zhongshu-oa/zhongshu/internal/app"
)

// The browser tests drive a real headless Chromium against the demo county.
// They are skipped when Chromium is not installed, unless
// ZHONGSHU_TEST_REQUIRE_BROWSER=1 (CI sets it so that a missing browser is a
// failure, not a silent skip). Screenshots go to ZHONGSHU_TEST_ARTIFACTS, or
// to a temporary directory that is removed after the test.

const browserTimeout = 180 * time.Second // generous: under -race the server is several times slower

// chromiumPath finds Chromium, or skips (or fails) the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if fi, err := os.Stat("/usr/bin/chromium"); err == nil && !fi.IsDir() {
		return "/usr/bin/chromium"
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	if os.Getenv("ZHONGSHU_TEST_REQUIRE_BROWSER") == "1" {
		t.Fatal("Chromium not found (/usr/bin/chromium or chromium on PATH) and ZHONGSHU_TEST_REQUIRE_BROWSER=1; install the Debian packages chromium and fonts-noto-cjk")
	}
	t.Skip("skipping browser test: Chromium not found (/usr/bin/chromium or chromium on PATH); install chromium and fonts-noto-cjk, or set ZHONGSHU_TEST_REQUIRE_BROWSER=1 to make this a failure")
	return ""
}

// browserArtifactDir is where screenshots go.
func browserArtifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("ZHONGSHU_TEST_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artifact dir: %v", err)
	}
	return dir
}

// startChromium starts headless Chromium (path) and returns a chromedp context
// whose first tab is open. Everything stops after browserTimeout. Call it
// after newEnv, so that the browser closes before the server.
func startChromium(t *testing.T, path string) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), browserTimeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(path),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("lang", "zh-CN"), // the date inputs then read 年/月/日, as office users see them
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel) // cleanups run last-in first-out: tab, browser, timeout
	// The first call starts the browser; its context must be the one the
	// browser lives in (no per-call timeout), see chromedp.Run.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start Chromium %s: %v", path, err)
	}
	// --window-size sizes the whole window, and the page gets less than
	// that; fix the viewport so that screenshots are 1366x900 (or longer).
	browserDo(t, bctx, "desktop viewport", browserDesktop())
	return bctx
}

// browserDesktop is the viewport of an office PC.
func browserDesktop() chromedp.Action[chromedp.Void] { return chromedp.EmulateViewport(1366, 900) }

// browserRun runs one action and fails the test on error.
func browserRun[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) || ctx.Err() != nil {
			t.Fatalf("%s: browser test timed out after %s: %v", what, browserTimeout, err)
		}
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// browserDo runs steps and fails the test on error.
func browserDo(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browserRun(t, ctx, what, chromedp.Steps(steps...))
}

// browserShot saves a full-page PNG and checks that it is not trivially small.
func browserShot(t *testing.T, ctx context.Context, dir, name string) string {
	t.Helper()
	png := browserRun(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100)) // 100 = PNG
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, png, 0o644); err != nil {
		t.Fatalf("write %s: %v", p, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatalf("stat %s: %v", p, err)
	}
	if fi.Size() <= 10*1024 {
		t.Errorf("%s is %d bytes, want > 10 KB (blank page?)", p, fi.Size())
	}
	t.Logf("screenshot %s (%d bytes)", p, fi.Size())
	return p
}

// browserLogin signs in on the sign-in form, which must be on screen, and
// waits for the page that follows (wait).
func browserLogin(t *testing.T, ctx context.Context, username string, wait chromedp.Action[chromedp.Void]) {
	t.Helper()
	browserDo(t, ctx, "login as "+username,
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), username),
		chromedp.SendKeys(chromedp.ID("password"), app.DemoPassword),
		chromedp.Click(`//form[@action="/login"]//button[normalize-space()="登录"]`),
		wait,
	)
}

// browserLogout clicks 退出 in the top bar and waits for the sign-in form.
func browserLogout(t *testing.T, ctx context.Context) {
	t.Helper()
	browserDo(t, ctx, "logout",
		chromedp.Click(`//header//form[@action="/logout"]//button[normalize-space()="退出"]`),
		chromedp.WaitVisible(chromedp.ID("username")),
	)
}

// TestBrowser_ClerkSeesWorkbench signs in as a clerk, an administrator and an
// auditor in a real browser, checks what each sees and saves screenshots of
// the main pages at desktop and phone widths.
func TestBrowser_ClerkSeesWorkbench(t *testing.T) {
	path := chromiumPath(t)
	e := newEnv(t)
	ctx := startChromium(t, path)
	dir := browserArtifactDir(t)
	t.Logf("screenshots in %s", dir)

	clerk := e.actor("wenshu").User
	const office = "青川县人民政府办公室"
	today := time.Now().In(time.FixedZone("UTC+8", 8*60*60)).Format("2006-01-02")
	workbenchH1 := `//h1[contains(., "工作台")]`

	// "/" sends a signed-out browser to the sign-in form.
	browserDo(t, ctx, "open /", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("username")))
	if loc := browserRun(t, ctx, "location", chromedp.Location()); !strings.Contains(loc, "/login") {
		t.Errorf("signed-out / ended at %s, want /login", loc)
	}
	browserLogin(t, ctx, "wenshu", chromedp.WaitVisible(workbenchH1))

	t.Run("desktop", func(t *testing.T) {
		if title := browserRun(t, ctx, "title", chromedp.Title()); !strings.Contains(title, "工作台") {
			t.Errorf("title = %q, want it to contain 工作台", title)
		}
		if got := browserRun(t, ctx, "top bar name", chromedp.Text(chromedp.CSS("header.topbar .me .name"))); strings.TrimSpace(got) != clerk.Name {
			t.Errorf("top bar name = %q, want %q", got, clerk.Name)
		}
		if got := browserRun(t, ctx, "top bar office", chromedp.Text(chromedp.CSS("header.topbar .office"))); strings.TrimSpace(got) != office {
			t.Errorf("top bar office = %q, want %q", got, office)
		}
		// The watermark is faint and aria-hidden; read its text content.
		wm := browserRun(t, ctx, "watermark", chromedp.TextContent(chromedp.CSS(".watermark")))
		if !strings.Contains(wm, clerk.Name) || !strings.Contains(wm, today) {
			t.Errorf("watermark text starts %q, want it to contain %q and %q", browserClip(wm, 40), clerk.Name, today)
		}
		if got := browserRun(t, ctx, "active nav", chromedp.Text(chromedp.CSS("nav.sidenav a.active"))); strings.TrimSpace(got) != "工作台" {
			t.Errorf("active nav entry = %q, want 工作台", got)
		}
		if got := browserRun(t, ctx, "aria-current", chromedp.AttributeValue(chromedp.CSS("nav.sidenav a.active"), "aria-current")); got.Value != "page" {
			t.Errorf("active nav entry aria-current = %q, want page", got.Value)
		}
		if got := browserRun(t, ctx, "active tab", chromedp.Text(chromedp.CSS("nav.tabs a.active"))); !strings.Contains(got, "待办") {
			t.Errorf("active tab = %q, want 待办", got)
		}
		if got := browserRun(t, ctx, "empty state", chromedp.Text(chromedp.CSS("p.empty"))); !strings.Contains(got, "目前没有待办事项") {
			t.Errorf("empty state = %q, want 目前没有待办事项…", got)
		}
		browserShot(t, ctx, dir, "workbench-wenshu.png")

		// The unread badge follows new notices without a reload.
		want := unread(t, e, "wenshu") + 1
		addNotice(t, e, "wenshu", "【临期】浏览器测试通知", "/", false)
		e.web.Publish(clerk.ID)
		badge := `//header//a[@class="notify"]/span[@data-live-unread][not(@hidden)][normalize-space()="` + strconv.Itoa(want) + `"]`
		browserDo(t, ctx, "live unread badge", chromedp.WaitVisible(badge))
	})

	t.Run("phone", func(t *testing.T) {
		browserDo(t, ctx, "phone viewport",
			chromedp.EmulateViewport(375, 740, chromedp.EmulatePortrait, chromedp.EmulateMobile),
			chromedp.Reload(),
			chromedp.WaitVisible(workbenchH1),
		)
		browserShot(t, ctx, dir, "workbench-phone.png")
		browserDo(t, ctx, "desktop viewport again",
			browserDesktop(),
			chromedp.Reload(),
			chromedp.WaitVisible(workbenchH1),
		)
	})

	t.Run("sysadmin", func(t *testing.T) {
		browserLogout(t, ctx)
		browserLogin(t, ctx, "sysadmin", browserSignedIn())

		browserDo(t, ctx, "open /admin/users", chromedp.Navigate(e.srv.URL+"/admin/users"), chromedp.WaitVisible(chromedp.ID("user-list")))
		rows := browserRun(t, ctx, "count user rows", chromedp.Evaluate[int](`document.querySelectorAll("#user-list tbody tr").length`))
		if rows < 20 {
			t.Errorf("#user-list has %d rows, want at least 20", rows)
		}
		browserShot(t, ctx, dir, "admin-users.png")

		browserDo(t, ctx, "open /admin/units", chromedp.Navigate(e.srv.URL+"/admin/units"), chromedp.WaitVisible(`//h1[contains(., "单位管理")]`))
		browserShot(t, ctx, dir, "admin-units.png")

		// A validation message shows next to the field.
		browserDo(t, ctx, "submit empty unit form",
			chromedp.Navigate(e.srv.URL+"/admin/units/new"),
			chromedp.WaitVisible(chromedp.ID("full_name")),
			chromedp.Click(`//main//form[@action="/admin/units"]//button[@type="submit"]`),
			chromedp.WaitVisible(`//div[contains(concat(" ", normalize-space(@class), " "), " field-error ")][contains(., "请填写单位全称")]`),
		)
		if got := browserRun(t, ctx, "full_name aria-invalid", chromedp.AttributeValue(chromedp.ID("full_name"), "aria-invalid")); got.Value != "true" {
			t.Errorf("#full_name aria-invalid = %q, want true", got.Value)
		}
		browserShot(t, ctx, dir, "unit-form-error.png")

		browserDo(t, ctx, "open /admin/calendar", chromedp.Navigate(e.srv.URL+"/admin/calendar?year=2026"), chromedp.WaitVisible(chromedp.ID("calendar-grid")))
		if n := browserRun(t, ctx, "holidays", chromedp.Evaluate[int](`document.querySelectorAll("#calendar-grid td.cal-holiday").length`)); n != 33 {
			t.Errorf("2026 shows %d days off, want 33", n)
		}
		browserShot(t, ctx, dir, "admin-calendar.png")
	})

	t.Run("auditadmin", func(t *testing.T) {
		browserLogout(t, ctx)
		browserLogin(t, ctx, "auditadmin", browserSignedIn())
		browserDo(t, ctx, "open /admin/audit", chromedp.Navigate(e.srv.URL+"/admin/audit"), chromedp.WaitVisible(chromedp.ID("audit-list")))
		if got := browserRun(t, ctx, "audit list text", chromedp.Text(chromedp.ID("audit-list"))); !strings.Contains(got, "登录") {
			t.Errorf("#audit-list does not contain 登录; starts %q", browserClip(got, 200))
		}
		browserShot(t, ctx, dir, "audit.png")
	})

	t.Run("zhuren", func(t *testing.T) {
		seedLedger(t, e)
		browserLogout(t, ctx)
		browserLogin(t, ctx, "zhuren", browserSignedIn())
		browserDo(t, ctx, "open /ledger", chromedp.Navigate(e.srv.URL+"/ledger"), chromedp.WaitVisible(chromedp.ID("ledger-list")))
		rows := browserRun(t, ctx, "count ledger rows", chromedp.Evaluate[int](`document.querySelectorAll("#ledger-list tbody tr").length`))
		if rows != 3 {
			t.Errorf("#ledger-list has %d rows, want 3", rows)
		}
		browserShot(t, ctx, dir, "ledger-zhuren.png")
	})
}

// browserClip shortens s to n runes for a failure message.
func browserClip(s string, n int) string {
	r := []rune(s)
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// TestBrowser_SupervisionLifecycle takes one 督办 item through its whole
// life in a real browser (issue 5): the 督查员 registers a 领导批示 item with
// two 办理节点 (the first already past its date, so that the item lags from
// the start) and 县财政局 as 协办 with its own 责任人 and 协办意见时限 — the
// form first comes back with a node after the 办结时限, its message next to
// the row and everything typed kept — and submits it; 县发改局 signs, reports
// progress marking the first node done, and asks for more time; 县财政局
// signs and sends its 协办意见; the 督查员 approves the extension; 县发改局
// marks the second node and asks to close; the 督查员 accepts, the county
// head closes and the 督查员 evaluates. The ledger's light follows each
// stage: 滞后, 临期 once the node is done, 正常 after the extension, and
// 按期办结.
func TestBrowser_SupervisionLifecycle(t *testing.T) {
	path := chromiumPath(t)
	e := newEnv(t)
	ctx := startChromium(t, path)
	dir := browserArtifactDir(t)
	cst := time.FixedZone("CST", 8*60*60)
	near, _ := e.app.DueIn(time.Now(), 1)
	nearDate := near.In(cst).Add(-time.Nanosecond).Format("2006-01-02")
	yesterday := time.Now().In(cst).AddDate(0, 0, -1).Format("2006-01-02")
	laterDate := time.Now().In(cst).AddDate(0, 0, 45).Format("2006-01-02")
	qiu := e.actor("czj.lly").User // 县财政局's 责任人 for this item
	const title = "推进城区停车难问题整治"

	status := func(want string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitVisible(`//strong[@id="supervision-status"][normalize-space()="` + want + `"]`)
	}
	light := func(what, want string) {
		t.Helper()
		if got := browserRun(t, ctx, "light "+what, chromedp.Text(chromedp.ID("supervision-light"))); got != want {
			t.Errorf("light %s = %q, want %q", what, got, want)
		}
	}
	var item string
	openItem := func(who string) {
		t.Helper()
		browserDo(t, ctx, who+" opens the item", chromedp.Navigate(e.srv.URL+item), chromedp.WaitVisible(chromedp.ID("supervision-timeline")))
	}
	// act takes the page's one primary action, which moves the item to wantStatus.
	act := func(what, action, wantStatus string) {
		t.Helper()
		browserDo(t, ctx, what,
			chromedp.Click(`//section[@id="supervision-actions"]//button[@data-action="`+action+`"]`),
			status(wantStatus))
	}
	// say takes an action with a text; the status may not change (阶段反馈,
	// 协办意见), so it waits for the new page by its timeline, which carries
	// the text just sent. Waiting on the status alone would match the old
	// page and race the navigation. label is the summary of a secondary
	// action ("" for the primary one); milestone is the node to mark done.
	say := func(what, label, action, reason, due, milestone, wantStatus string) {
		t.Helper()
		var steps []chromedp.Action[chromedp.Void]
		if label != "" {
			steps = append(steps, chromedp.Click(`//section[@id="supervision-actions"]//details/summary[normalize-space()="`+label+`"]`))
		}
		steps = append(steps, chromedp.WaitVisible(chromedp.ID("reason-"+action)), chromedp.SendKeys(chromedp.ID("reason-"+action), reason))
		if due != "" {
			steps = append(steps, chromedp.SetValue(chromedp.ID("due-"+action), due))
		}
		if milestone != "" {
			steps = append(steps, chromedp.SetValue(chromedp.ID("milestone-"+action), milestone))
		}
		steps = append(steps, chromedp.Click(`//section[@id="supervision-actions"]//button[@data-action="`+action+`"]`),
			chromedp.WaitVisible(`//*[@id="supervision-timeline"]//*[contains(text(), "`+reason+`")]`), status(wantStatus))
		browserDo(t, ctx, what, steps...)
	}
	// sign is a unit's 签收 when the item's status does not change: it waits
	// for the timeline to grow by one entry.
	sign := func(who string) {
		t.Helper()
		n := browserRun(t, ctx, "timeline entries", chromedp.Evaluate[int](`document.querySelectorAll("#supervision-timeline > li").length`))
		browserDo(t, ctx, who+" signs",
			chromedp.Click(`//section[@id="supervision-actions"]//button[@data-action="sign"]`),
			chromedp.WaitVisible(`//ol[@id="supervision-timeline"][count(li)=`+strconv.Itoa(n+1)+`]`))
	}
	milestone := func(n int, want string) {
		t.Helper()
		got := browserRun(t, ctx, "milestone state", chromedp.AttributeValue(chromedp.CSS(fmt.Sprintf("#supervision-milestones tbody tr:nth-child(%d) td[data-milestone-state]", n)), "data-milestone-state"))
		if got.Value != want {
			t.Errorf("node %d is %q, want %q", n, got.Value, want)
		}
	}
	ledgerLight := func(want string) {
		t.Helper()
		browserDo(t, ctx, "open the ledger", chromedp.Navigate(e.srv.URL+"/supervision"), chromedp.WaitVisible(chromedp.ID("supervision-list")))
		row := browserRun(t, ctx, "ledger row", chromedp.Text(`//table[@id="supervision-list"]//tr[td/a[normalize-space()="`+title+`"]]`))
		if !strings.Contains(row, want) {
			t.Errorf("ledger row %q, want light %s", row, want)
		}
	}
	relogin := func(who string) {
		t.Helper()
		browserLogout(t, ctx)
		browserLogin(t, ctx, who, browserSignedIn())
	}
	rows := func(table string) int {
		t.Helper()
		return browserRun(t, ctx, "rows of "+table, chromedp.Evaluate[int](`document.querySelectorAll("#`+table+` tbody tr").length`))
	}

	browserDo(t, ctx, "open /", chromedp.Navigate(e.srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("username")))
	browserLogin(t, ctx, "duchayuan", browserSignedIn())
	browserDo(t, ctx, "open the form",
		chromedp.Navigate(e.srv.URL+"/supervision"),
		chromedp.Click(`//a[normalize-space()="新建督办事项"]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(`//button[@data-rows-add="milestone-rows"]`)) // the script has run
	// With script, the empty rows fold away to one each; "添加节点" adds one.
	if n, c := rows("milestone-rows"), rows("co-rows"); n != 1 || c != 1 {
		t.Errorf("with script the form shows %d node and %d 协办 rows, want 1 and 1", n, c)
	}
	browserDo(t, ctx, "fill in the form",
		chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("source"), "instruction"),
		chromedp.SetValue(chromedp.ID("feedback_cycle"), "milestone"),
		chromedp.SendKeys(chromedp.ID("source_ref"), "何建平县长批示：请县发改局牵头，县财政局配合，尽快拿出整治方案。"),
		chromedp.SendKeys(chromedp.ID("content"), "摸清停车泊位缺口，提出整治方案并组织实施，按期报送办理结果。"),
		chromedp.SetValue(chromedp.ID("assigning_leader_id"), strconv.FormatInt(e.actor("xianzhang").ID(), 10)),
		chromedp.SetValue(chromedp.ID("lead_unit_id"), strconv.FormatInt(unitByName(t, e, "县发改局"), 10)),
		chromedp.SetValue(chromedp.ID("co-unit-1"), strconv.FormatInt(unitByName(t, e, "县财政局"), 10)),
		chromedp.SetValue(chromedp.ID("co-person-1"), strconv.FormatInt(qiu.ID, 10)),
		chromedp.SetValue(chromedp.ID("co-due-1"), nearDate),
		chromedp.SetValue(chromedp.ID("due_date"), nearDate),
		chromedp.SendKeys(chromedp.ID("milestone-name-1"), "摸清泊位缺口"),
		chromedp.SetValue(chromedp.ID("milestone-due-1"), yesterday),
		chromedp.Click(`//button[@data-rows-add="milestone-rows"]`),
		chromedp.WaitVisible(chromedp.ID("milestone-name-2")),
		chromedp.SendKeys(chromedp.ID("milestone-name-2"), "拿出整治方案"),
		chromedp.SetValue(chromedp.ID("milestone-due-2"), laterDate), // after the 办结时限: refused
	)
	browserShot(t, ctx, dir, "supervision-form.png")
	browserDo(t, ctx, "register with a node after the due",
		chromedp.Click(`//form[@action="/supervision/new"]//button[@type="submit"]`),
		chromedp.WaitVisible(`//table[@id="milestone-rows"]//div[contains(concat(" ", normalize-space(@class), " "), " field-error ")][contains(., "节点时限不能晚于办结时限")]`))
	if got := browserRun(t, ctx, "due-2 aria-invalid", chromedp.AttributeValue(chromedp.ID("milestone-due-2"), "aria-invalid")); got.Value != "true" {
		t.Errorf("#milestone-due-2 aria-invalid = %q, want true", got.Value)
	}
	for id, want := range map[string]string{"title": title, "milestone-name-1": "摸清泊位缺口", "milestone-due-1": yesterday,
		"milestone-name-2": "拿出整治方案", "feedback_cycle": "milestone", "co-person-1": strconv.FormatInt(qiu.ID, 10), "co-due-1": nearDate} {
		if got := browserRun(t, ctx, "value of "+id, chromedp.Value(chromedp.ID(id))); got != want {
			t.Errorf("after the refusal #%s = %q, want %q (typed values kept)", id, got, want)
		}
	}
	if n := rows("milestone-rows"); n != 2 {
		t.Errorf("after the refusal %d node rows, want the 2 typed", n)
	}
	browserShot(t, ctx, dir, "supervision-form-error.png")
	browserDo(t, ctx, "register",
		chromedp.SetValue(chromedp.ID("milestone-due-2"), nearDate),
		chromedp.Click(`//form[@action="/supervision/new"]//button[@type="submit"]`),
		status("拟立项"),
	)
	loc := browserRun(t, ctx, "item location", chromedp.Location())
	item = loc[strings.Index(loc, "/supervision/"):]
	act("submit", "submit", "已交办")
	light("after submit", "滞后") // the first node was due yesterday; 滞后 beats 临期
	milestone(1, "滞后")
	milestone(2, "未到期")
	if got := browserRun(t, ctx, "assignments", chromedp.Text(chromedp.ID("supervision-assignments"))); !strings.Contains(got, qiu.Name) ||
		!strings.Contains(got, nearDate+" 24:00") {
		t.Errorf("the 协办 row lacks its 责任人 %s or its 时限 %s: %q", qiu.Name, nearDate, got)
	}
	browserShot(t, ctx, dir, "supervision-item-behind.png")
	ledgerLight("滞后")
	browserShot(t, ctx, dir, "supervision-ledger-behind.png")

	relogin("fgj.lly")
	openItem("fgj.lly")
	act("sign", "sign", "办理中")
	say("report progress, first node done", "阶段反馈", "report", "已完成城区泊位摸底，正在起草整治方案。", "", "1", "办理中")
	milestone(1, "已完成")
	if got := browserRun(t, ctx, "timeline", chromedp.Text(chromedp.ID("supervision-timeline"))); !strings.Contains(got, "完成节点：摸清泊位缺口") {
		t.Errorf("timeline lacks 完成节点：摸清泊位缺口: %q", browserClip(got, 400))
	}
	light("with the node done", "临期")
	say("request an extension", "申请延期", "request_extension", "方案须经县政府常务会议研究，申请延期。", laterDate, "", "延期审批中")
	ledgerLight("临期")

	relogin("czj.lly")
	openItem("czj.lly")
	sign("czj.lly")
	say("the 协办 unit sends its input", "", "send_input", "县财政局意见：整治资金可从城市维护费中安排。", "", "", "延期审批中")
	if got := browserRun(t, ctx, "assignments", chromedp.Text(chromedp.ID("supervision-assignments"))); !strings.Contains(got, "已报送") {
		t.Errorf("the 协办 row does not show the input sent: %q", got)
	}

	relogin("duchayuan")
	openItem("duchayuan")
	act("approve the extension", "approve_extension", "办理中")
	light("after the extension", "正常")
	ledgerLight("正常")

	relogin("fgj.lly")
	openItem("fgj.lly")
	say("report the second node", "阶段反馈", "report", "整治方案已报县政府常务会议审议通过。", "", "2", "办理中")
	milestone(2, "已完成")
	act("request completion", "request_completion", "办结审核中")
	ledgerLight("正常")

	relogin("duchayuan")
	openItem("duchayuan")
	act("accept", "accept", "领导审阅中")

	relogin("xianzhang")
	openItem("xianzhang")
	act("leader closes", "leader_close", "已办结")

	relogin("duchayuan")
	openItem("duchayuan")
	act("evaluate and close", "evaluate_close", "已销号")
	light("when closed", "按期办结")
	timeline := browserRun(t, ctx, "timeline", chromedp.Text(chromedp.ID("supervision-timeline")))
	last := -1
	for _, step := range []string{"登记立项", "提交立项", "签收", "阶段反馈", "完成节点：摸清泊位缺口", "申请延期", "签收", "报送协办意见",
		"批准延期", "完成节点：拿出整治方案", "申请办结", "审核通过", "审阅办结", "评价销号"} {
		i := strings.Index(timeline[last+1:], step)
		if i < 0 {
			t.Errorf("timeline lacks %s after position %d; it reads %q", step, last, browserClip(timeline, 600))
			continue
		}
		last += 1 + i
	}
	browserShot(t, ctx, dir, "supervision-item.png")
	ledgerLight("按期办结")
}
