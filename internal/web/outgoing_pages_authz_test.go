package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The 发文 pages' rows of the authorization table. Every business user
// drafts, lists and exports (what each sees is the app's business); the
// administrators lack the business permission (403). The table's walk has
// no 发文 of its own, so the document routes may answer its business users
// 404 (own); TestAuthz_OutgoingPages walks them with a seeded document.
func init() {
	doc := rule{allow: business, own: true}
	expectations["GET /outgoing"] = allow(business)
	expectations["GET /outgoing/export"] = allow(business)
	expectations["GET /outgoing/new"] = allow(business)
	expectations["POST /outgoing/new"] = allow(business) // the empty form is refused with 400
	for _, r := range []string{"GET /outgoing/{id}", "GET /outgoing/{id}/edit", "POST /outgoing/{id}/edit",
		"POST /outgoing/{id}/act", "GET /outgoing/{id}/rendition", "GET /outgoing/{id}/rendition.sig", "GET /outgoing/{id}/pubkey.pem",
		"POST /outgoing/{id}/files", "GET /outgoing/{id}/files/{file}"} {
		expectations[r] = doc
	}
}

// TestAuthz_OutgoingPages walks every 发文 page route as every demo role
// (and signed out) with a document at 印制校对 (registered, its rendition
// made), its attachment and its rendition: the parties (文电科, office
// leadership, the signer) get through — the empty forms are refused with
// 400, not 403 or 404 —; the outsiders get 404; the administrators 403. Nobody
// may change the text at this step, so the edit page answers the parties
// 403.
func TestAuthz_OutgoingPages(t *testing.T) {
	e := newEnv(t)
	d, att := seedOutgoing(t, e, "青川县人民政府办公室关于走查发文页面的通知", "producing")
	doc := rule{allow: apiOutParties, unseen: apiOutOutsiders}
	want := map[string]rule{
		"GET /outgoing/{id}/edit":  {unseen: apiOutOutsiders},
		"POST /outgoing/{id}/edit": {unseen: apiOutOutsiders},
	}
	clients := map[string]*http.Client{"": e.browser()}
	for _, who := range walkers { // one sign-in each: sign-ins are throttled
		clients[who] = e.login(who)
	}
	routes := 0
	for _, rt := range e.web.Routes() {
		if rt.API || (rt.Pattern != "/outgoing" && !strings.HasPrefix(rt.Pattern, "/outgoing/")) {
			continue
		}
		routes++
		key := rt.Method + " " + rt.Pattern
		if _, ok := expectations[key]; !ok {
			t.Errorf("route %s has no row in the authorization table", key)
			continue
		}
		w, ok := want[key]
		switch {
		case ok:
		case strings.Contains(rt.Pattern, "{id}"):
			w = doc
		default:
			w = expectations[key]
		}
		path := strings.NewReplacer("{id}", fmt.Sprint(d.ID), "{file}", fmt.Sprint(att.ID)).Replace(rt.Pattern)
		for _, who := range append([]string{""}, walkers...) {
			var resp *http.Response
			if rt.Method == http.MethodGet {
				resp = e.get(clients[who], path)
			} else {
				resp = e.postForm(clients[who], path, url.Values{})
			}
			resp.Body.Close()
			check(t, key+" ("+path+")", who, w, false, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if routes != 13 {
		t.Errorf("%d 发文 page routes, want 13", routes)
	}
}
