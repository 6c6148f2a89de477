package web_test

// The 检索 rows of the authorization table: every business user searches
// (what each finds is their own business, tested in search_pages_test.go);
// the administrators have no business permission (403).
func init() {
	expectations["GET /find"] = allow(business)
	expectations["GET /api/v1/search"] = allow(business)
}
