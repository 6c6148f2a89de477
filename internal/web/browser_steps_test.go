package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
)

// The steps the browser tests of the document routes share.

// browserSignedIn waits for the top bar of a signed-in page.
func browserSignedIn() chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`//header//form[@action="/logout"]//button[normalize-space()="退出"]`)
}

// browserFlash waits for the flash line, containing want, of the page a
// step lands on.
func browserFlash(want string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(`//div[contains(concat(" ", normalize-space(@class), " "), " flash ")][contains(., "` + want + `")]`)
}

// browserRelogin signs out and signs in as who.
func browserRelogin(t *testing.T, ctx context.Context, who string) {
	t.Helper()
	browserLogout(t, ctx)
	browserLogin(t, ctx, who, browserSignedIn())
}

// browserText is the text of the element sel.
func browserText(t *testing.T, ctx context.Context, what string, sel chromedp.ID) string {
	t.Helper()
	return browserRun(t, ctx, what, chromedp.Text(sel))
}

// browserNoSideScroll reports the page on screen if it scrolls sideways
// (on a phone).
func browserNoSideScroll(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	w := browserRun(t, ctx, "widths on "+what, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if len(w) != 2 || w[0] > w[1] {
		t.Errorf("%s scrolls sideways on a phone: scrollWidth, clientWidth = %v", what, w)
	}
}
