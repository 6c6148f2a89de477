package web_test

// The 收文 import and export rows of the authorization table. Only the 文书
// imports (the page, the upload and the template); the upload's refusal
// comes from the app, which audits it. The walk posts an empty form, which
// wenshu is told to choose a file for (400). Every business user exports
// the list as far as they may see it; the administrators lack the business
// permission (403).
func init() {
	expectations["GET /incoming/import"] = only("wenshu")
	expectations["POST /incoming/import"] = only("wenshu")
	expectations["GET /incoming/import/template"] = only("wenshu")
	expectations["GET /incoming/export"] = allow(business)
}
