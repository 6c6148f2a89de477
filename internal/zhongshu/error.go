// Package zhongshu holds the domain of the county government office: its
// organisation, people, roles, work items and the error vocabulary shared by
// every layer. It imports no SQL and no HTTP.
package zhongshu

import (
	"errors"
	"fmt"
)

// Code classifies an Error so that every layer can react to it without
// parsing messages. The web layer maps each code to one HTTP status.
type Code string

// Error codes.
const (
	CodeInvalid         Code = "invalid"
	CodeNotFound        Code = "not_found"
	CodeConflict        Code = "conflict"
	CodeUnauthenticated Code = "unauthenticated"
	CodeForbidden       Code = "forbidden"
	CodePrecondition    Code = "precondition"
	CodeInternal        Code = "internal"
)

// Error is the domain error. Message is shown to users and is in Chinese;
// Fields carries per-field messages for forms and API clients.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s %v", e.Code, e.Message, e.Fields)
}

// Errorf returns an Error with the given code and formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first Error in err's chain, CodeInternal
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrorMessage returns the user-facing message of err. Foreign errors get a
// fixed message so that internals never reach the screen.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "系统内部错误，请稍后重试或联系系统管理员。"
}

// ErrorFields returns the per-field messages of err, if any.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Problems collects per-field validation messages. The zero value is ready.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p *Problems) Add(field, msg string) {
	if *p == nil {
		*p = Problems{}
	}
	if _, ok := (*p)[field]; !ok {
		(*p)[field] = msg
	}
}

// Err returns an invalid Error listing the problems, or nil when there are none.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "提交的内容有误，请按提示修改后重试。", Fields: map[string]string(p)}
}
