package audit_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zhongshu-oa/zhongshu/internal/audit"
	"github.com/zhongshu-oa/zhongshu/internal/store"
	"github.com/zhongshu-oa/zhongshu/internal/store/storetest"
	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

func appendN(t *testing.T, db *store.DB, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		err := db.Transact(ctx, func(tx *store.Tx) error {
			return audit.Append(ctx, tx, &zhongshu.AuditEntry{ActorID: 1, ActorName: "王文书", Action: "login",
				ObjectType: "user", ObjectID: fmt.Sprint(i), Success: true, ClientIP: "10.0.0.1", Detail: "登录成功"})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestVerify(t *testing.T) {
	storetest.ForEachDialect(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		appendN(t, db, 5)
		res, err := audit.Verify(ctx, db)
		if err != nil || res.Problem != nil || res.Entries != 5 {
			t.Fatalf("intact chain: %+v, %v", res, err)
		}
		// The log is append-only at the database level.
		if err := db.ExecForTest(ctx, `UPDATE audit_log SET detail = 'x' WHERE seq = 2`); err == nil {
			t.Fatal("UPDATE on audit_log succeeded; want it refused")
		}
	})
}

func TestVerify_CatchesTampering(t *testing.T) {
	tests := []struct {
		name    string
		sql     []string // run after dropping the guard triggers, as an intruder with database access would
		wantSeq int64
		want    string
	}{
		{"edited detail", []string{`UPDATE audit_log SET detail = '登录失败' WHERE seq = 3`}, 3, "篡改"},
		{"edited actor", []string{`UPDATE audit_log SET actor_name = '李四' WHERE seq = 1`}, 1, "篡改"},
		{"deleted middle", []string{`DELETE FROM audit_log WHERE seq = 2`}, 2, "缺失"},
		{"deleted tail", []string{`DELETE FROM audit_log WHERE seq = 5`}, 5, "缺失"},
		{"rehashed edit", []string{`UPDATE audit_log SET detail = 'x', hash = 'abc' WHERE seq = 4`}, 4, "篡改"},
	}
	for _, engine := range storetest.Engines {
		t.Run(engine, func(t *testing.T) {
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					db := storetest.Open(t, engine, nil)
					ctx := context.Background()
					appendN(t, db, 5)
					for _, q := range append(dropGuards(engine), tt.sql...) {
						if err := db.ExecForTest(ctx, q); err != nil {
							t.Fatalf("%s: %v", q, err)
						}
					}
					res, err := audit.Verify(ctx, db)
					if err != nil {
						t.Fatal(err)
					}
					if res.Problem == nil {
						t.Fatal("tampering not detected")
					}
					if res.Problem.Seq != tt.wantSeq || !strings.Contains(res.Problem.Reason, tt.want) {
						t.Errorf("problem = %v; want entry %d, reason containing %q", res.Problem, tt.wantSeq, tt.want)
					}
				})
			}
		})
	}
}

func dropGuards(engine string) []string {
	return []string{`DROP TRIGGER audit_log_no_update` + on(engine), `DROP TRIGGER audit_log_no_delete` + on(engine)}
}

func on(engine string) string {
	if engine == "postgres" {
		return " ON audit_log"
	}
	return ""
}
