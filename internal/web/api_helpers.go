package web

// Helpers every API handler shares: strict body decoding, query parameters
// and the list envelope.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/zhongshu-oa/zhongshu/internal/app"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

// ---------------------------------------------------------------------------
// Request bodies.

// decodeJSON reads the body as exactly one JSON value into v: unknown
// fields, wrong types and trailing data are refused with Chinese messages.
// It returns the top-level keys the body contained, so that handlers can
// tell an absent field from a zero one.
func decodeJSON(r *http.Request, v any) (present map[string]bool, err error) {
	if r.Body == nil {
		return nil, invalidJSON("请求体为空")
	}
	body, err := io.ReadAll(r.Body) // bounded by the route's MaxBytesReader
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalidJSON("JSON 值之后还有多余的内容")
	}
	present = map[string]bool{}
	var keys map[string]json.RawMessage
	if json.Unmarshal(body, &keys) == nil {
		for k := range keys {
			present[k] = true
		}
	}
	return present, nil
}

func invalidJSON(detail string) error {
	return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请求内容不是有效的 JSON：" + detail}
}

// jsonError turns a decoding error into a domain error naming the field.
func jsonError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		tpe *time.ParseError
		mbe *http.MaxBytesError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return invalidJSON("请求体为空")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return invalidJSON("内容不完整")
	case errors.As(err, &syn):
		return invalidJSON(fmt.Sprintf("第 %d 个字节附近有语法错误", syn.Offset))
	case errors.As(err, &typ):
		if typ.Field == "" {
			return invalidJSON("请求内容须为 JSON 对象")
		}
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。",
			Fields: map[string]string{typ.Field: typeMessage(typ.Type)}}
	case errors.As(err, &tpe):
		return invalidJSON("时间须为 RFC 3339 格式，如 2025-01-02T08:00:00+08:00")
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if n, uerr := strconv.Unquote(name); uerr == nil {
			name = n
		}
		return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "请求内容包含不支持的字段：" + name,
			Fields: map[string]string{name: "不支持的字段"}}
	}
	return invalidJSON("无法解析")
}

// typeMessage says in Chinese what a field expected.
func typeMessage(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == reflect.TypeFor[time.Time]() {
		return "须为 RFC 3339 格式的时间字符串"
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "须为整数"
	case reflect.Float32, reflect.Float64:
		return "须为数字"
	case reflect.String:
		return "须为字符串"
	case reflect.Bool:
		return "须为 true 或 false"
	case reflect.Slice, reflect.Array:
		return "须为数组"
	}
	return "须为 JSON 对象"
}

// withProblems adds the messages of a domain validation (when it fails
// with fields) to problems found at the edge, and returns them as one
// error; the edge's message wins for a field both name.
func withProblems(p zhongshu.Problems, validate func() error) error {
	if len(p) == 0 {
		return nil
	}
	if validate != nil {
		for k, v := range zhongshu.ErrorFields(validate()) {
			p.Add(k, v)
		}
	}
	return p.Err()
}

// renameFields renames the per-field messages of err (domain names → the
// API's names); other errors pass through.
func renameFields(err error, names map[string]string) error {
	var e *zhongshu.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	out := &zhongshu.Error{Code: e.Code, Message: e.Message, Fields: map[string]string{}}
	for k, v := range e.Fields {
		if n, ok := names[k]; ok {
			k = n
		}
		out.Fields[k] = v
	}
	return out
}

// ---------------------------------------------------------------------------
// Query parameters.

// queryParams reads query parameters, collecting a message per bad value.
type queryParams struct {
	v url.Values
	p zhongshu.Problems
}

func newQuery(r *http.Request) *queryParams { return &queryParams{v: r.URL.Query()} }

func (q *queryParams) str(name string) string { return strings.TrimSpace(q.v.Get(name)) }

// id reads an optional positive integer.
func (q *queryParams) id(name string) *int64 {
	s := q.str(name)
	if s == "" {
		return nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		q.p.Add(name, "须为正整数")
		return nil
	}
	return &n
}

// flag reads an optional boolean: true/false or 1/0.
func (q *queryParams) flag(name string) *bool {
	var b bool
	switch strings.ToLower(q.str(name)) {
	case "":
		return nil
	case "true", "1":
		b = true
	case "false", "0":
		b = false
	default:
		q.p.Add(name, "须为 true 或 false")
		return nil
	}
	return &b
}

// date reads an optional YYYY-MM-DD date as the start of that day in
// China time.
func (q *queryParams) date(name string) time.Time {
	s := q.str(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation("2006-01-02", s, chinaTime)
	if err != nil {
		q.p.Add(name, "须为日期，格式为 YYYY-MM-DD")
		return time.Time{}
	}
	return t
}

// readStatuses reads the "status" parameters, each a status code or codes
// separated by commas.
func readStatuses[S interface {
	~string
	Valid() bool
}](q *queryParams) []S {
	var out []S
	for _, v := range q.v["status"] {
		for _, s := range strings.Split(v, ",") {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			if st := S(s); st.Valid() {
				out = append(out, st)
			} else {
				q.p.Add("status", "状态代码不正确："+s)
			}
		}
	}
	return out
}

// dateRange reads a list page's "from" and "to" dates, both inclusive: as
// typed (to show them again), and as the start of the first day and the
// start of the day after the last, in China time.
func (q *queryParams) dateRange() (fromText, toText string, from, to time.Time) {
	if d := q.date("from"); !d.IsZero() {
		fromText, from = q.str("from"), d
	}
	if d := q.date("to"); !d.IsZero() {
		toText, to = q.str("to"), d.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		q.p.Add("to", "结束日期不能早于开始日期")
	}
	return fromText, toText, from, to
}

// page reads offset and limit; the limit is clamped to the page bounds.
func (q *queryParams) page() app.Page {
	var pg app.Page
	if s := q.str("offset"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			q.p.Add("offset", "须为非负整数")
		} else {
			pg.Offset = n
		}
	}
	if s := q.str("limit"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			q.p.Add("limit", fmt.Sprintf("须为正整数（最大 %d）", zhongshu.MaxPageSize))
		} else {
			pg.Limit = n
		}
	}
	pg.Limit = zhongshu.PageLimit(pg.Limit)
	return pg
}

func (q *queryParams) err() error {
	if len(q.p) == 0 {
		return nil
	}
	return &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "查询参数有误，请按提示修改后重试。", Fields: map[string]string(q.p)}
}

// ---------------------------------------------------------------------------
// Responses.

// listJSON is the envelope of every list.
type listJSON[T any] struct {
	Items  []T `json:"items" doc:"本页的记录"`
	Total  int `json:"total" doc:"符合条件的记录总数（不分页）"`
	Offset int `json:"offset" doc:"本页第一条记录的偏移量"`
	Limit  int `json:"limit" doc:"每页条数（实际使用的值）"`
}

func newList[S, T any](src []S, conv func(S) T, total int, pg app.Page) listJSON[T] {
	items := make([]T, 0, len(src))
	for _, x := range src {
		items = append(items, conv(x))
	}
	return listJSON[T]{Items: items, Total: total, Offset: pg.Offset, Limit: pg.Limit}
}

// pageOf applies a page to a list held in memory.
func pageOf[T any](all []T, pg app.Page) []T {
	if pg.Offset >= len(all) {
		return nil
	}
	return all[pg.Offset:min(len(all), pg.Offset+pg.Limit)]
}

// revokedJSON answers a revocation.
type revokedJSON struct {
	ID      int64 `json:"id" doc:"被撤销或吊销的记录编号"`
	Revoked bool  `json:"revoked" doc:"恒为 true"`
}

// optID is an optional reference: 0 is null.
func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// optTime is an optional time: the zero time is null.
func optTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = apiTime(t)
	return &t
}

// apiTime is a time as the API shows it: RFC 3339 in China time.
func apiTime(t time.Time) time.Time { return t.In(chinaTime) }

// apiStamp is a time already written as the API writes times — the text of
// apiTime(t)'s MarshalJSON, byte for byte — for the hottest lists:
// encoding/json calls time.Time's MarshalJSON and then re-scans what it
// returns, which took a fifth of the 待办 list's CPU at 8,000 requests a
// second (BENCHMARKS.md). The OpenAPI document calls it date-time.
type apiStamp string

func stampOf(t time.Time) apiStamp { return apiStamp(apiTime(t).Format(time.RFC3339Nano)) }

// optStamp is an optional apiStamp: the zero time is null.
func optStamp(t time.Time) *apiStamp {
	if t.IsZero() {
		return nil
	}
	s := stampOf(t)
	return &s
}

func created(w http.ResponseWriter, location string, v any) error {
	w.Header().Set("Location", location)
	writeJSON(w, http.StatusCreated, v)
	return nil
}

// notFoundFirst returns err, a request's problems, unless find says the
// caller may not see the object the request is about: then find's
// not-found, so that the problems reveal nothing of what the caller may not
// see. The object is looked up only when there are problems; the action
// itself checks visibility before anything else.
func notFoundFirst(err error, find func() error) error {
	if err == nil {
		return nil
	}
	if ferr := find(); ferr != nil {
		return ferr
	}
	return err
}
