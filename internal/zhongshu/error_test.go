package zhongshu_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

const internalMessage = "系统内部错误，请稍后重试或联系系统管理员。"

func TestErrorAccessors(t *testing.T) {
	notFound := &zhongshu.Error{Code: zhongshu.CodeNotFound, Message: "单位不存在。"}
	invalid := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。",
		Fields: map[string]string{"full_name": "请填写单位全称"}}

	type result struct {
		Code    zhongshu.Code
		Message string
		Fields  map[string]string
	}
	tests := []struct {
		name string
		err  error
		want result
	}{
		{"nil", nil, result{}},
		{"domain error", notFound, result{zhongshu.CodeNotFound, "单位不存在。", nil}},
		{"domain error with fields", invalid,
			result{zhongshu.CodeInvalid, "提交的内容有误，请按提示修改后重试。", map[string]string{"full_name": "请填写单位全称"}}},
		{"wrapped", fmt.Errorf("load unit 7: %w", notFound), result{zhongshu.CodeNotFound, "单位不存在。", nil}},
		{"wrapped twice with fields", fmt.Errorf("create: %w", fmt.Errorf("validate: %w", invalid)),
			result{zhongshu.CodeInvalid, "提交的内容有误，请按提示修改后重试。", map[string]string{"full_name": "请填写单位全称"}}},
		{"Errorf", zhongshu.Errorf(zhongshu.CodeConflict, "登录名 %s 已被使用。", "wangfang"),
			result{zhongshu.CodeConflict, "登录名 wangfang 已被使用。", nil}},
		{"foreign", errors.New("sql: no rows in result set"), result{zhongshu.CodeInternal, internalMessage, nil}},
		{"foreign wrapped", fmt.Errorf("store: %w", errors.New("disk full")), result{zhongshu.CodeInternal, internalMessage, nil}},
		{"domain error wrapped without %w", fmt.Errorf("load unit 7: %v", notFound), result{zhongshu.CodeInternal, internalMessage, nil}},
		{"joined with a foreign error", errors.Join(errors.New("rollback failed"), notFound),
			result{zhongshu.CodeNotFound, "单位不存在。", nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := result{zhongshu.ErrorCode(tt.err), zhongshu.ErrorMessage(tt.err), zhongshu.ErrorFields(tt.err)}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("accessors of %v mismatch (-want +got):\n%s", tt.err, diff)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		name string
		err  *zhongshu.Error
		want string
	}{
		{"without fields", &zhongshu.Error{Code: zhongshu.CodeForbidden, Message: "您没有执行此操作的权限。"},
			"forbidden: 您没有执行此操作的权限。"},
		{"with fields", &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "有误。", Fields: map[string]string{"b": "2", "a": "1"}},
			"invalid: 有误。 map[a:1 b:2]"},
		{"empty fields map", &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "有误。", Fields: map[string]string{}},
			"invalid: 有误。"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProblems(t *testing.T) {
	type add struct{ field, msg string }
	tests := []struct {
		name string
		adds []add
		want map[string]string // nil: Err returns nil
	}{
		{"none", nil, nil},
		{"one", []add{{"name", "请填写姓名"}}, map[string]string{"name": "请填写姓名"}},
		{"first message per field is kept", []add{{"name", "请填写姓名"}, {"name", "姓名不能超过30个字"}},
			map[string]string{"name": "请填写姓名"}},
		{"several fields", []add{{"name", "a"}, {"phone", "b"}, {"name", "c"}, {"email", "d"}, {"phone", "e"}},
			map[string]string{"name": "a", "phone": "b", "email": "d"}},
		{"empty message still counts", []add{{"name", ""}, {"name", "请填写姓名"}}, map[string]string{"name": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p zhongshu.Problems // the zero value is ready
			for _, a := range tt.adds {
				p.Add(a.field, a.msg)
			}
			err := p.Err()
			if tt.want == nil {
				if err != nil {
					t.Fatalf("Err() = %v, want nil", err)
				}
				return
			}
			var e *zhongshu.Error
			if !errors.As(err, &e) {
				t.Fatalf("Err() = %#v, want a *zhongshu.Error", err)
			}
			want := &zhongshu.Error{Code: zhongshu.CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。", Fields: tt.want}
			if diff := cmp.Diff(want, e); diff != "" {
				t.Errorf("Err() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPageLimit(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want int
	}{
		{"negative", -1, zhongshu.DefaultPageSize},
		{"zero", 0, zhongshu.DefaultPageSize},
		{"one", 1, 1},
		{"default", 50, 50},
		{"below the maximum", 499, 499},
		{"the maximum", 500, 500},
		{"above the maximum", 501, zhongshu.MaxPageSize},
		{"huge", 1 << 40, zhongshu.MaxPageSize},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := zhongshu.PageLimit(tt.n); got != tt.want {
				t.Errorf("PageLimit(%d) = %d, want %d", tt.n, got, tt.want)
			}
		})
	}
	if zhongshu.DefaultPageSize != 50 || zhongshu.MaxPageSize != 500 {
		t.Errorf("page sizes = %d, %d; want 50, 500", zhongshu.DefaultPageSize, zhongshu.MaxPageSize)
	}
}
