package app_test

import (
	"fmt"
	"testing"
	"time"
)

// TestUnitNames_CachedUntilChanged checks the unit names pages show: an
// audited change (renaming a unit) is seen at once, a change outside the
// app only after the cache's time is up.
func TestUnitNames_CachedUntilChanged(t *testing.T) {
	forEachEngine(t, func(t *testing.T, engine string) {
		f := newFixture(t, engine, true)
		clerk := f.actor("wenshu")
		id := f.unitID("青川县财政局")
		name := func() string {
			t.Helper()
			names, err := f.app.UnitNames(f.ctx, clerk)
			if err != nil {
				t.Fatal(err)
			}
			return names[id]
		}
		if got := name(); got != "县财政局" {
			t.Fatalf("name = %q, want 县财政局", got)
		}
		u, err := f.app.FindUnitByID(f.ctx, clerk, id)
		if err != nil {
			t.Fatal(err)
		}
		u.ShortName = "县财政"
		if err := f.app.UpdateUnit(f.ctx, f.actor("sysadmin"), u); err != nil {
			t.Fatal(err)
		}
		if got := name(); got != "县财政" {
			t.Errorf("after renaming in the app: %q, want 县财政", got)
		}
		// Outside the app (another process, say): seen once the cache's time is up.
		if err := f.db.ExecForTest(f.ctx, fmt.Sprintf(`UPDATE units SET short_name = '财政局' WHERE id = %d`, id)); err != nil {
			t.Fatal(err)
		}
		if got := name(); got != "县财政" {
			t.Errorf("right after a change outside the app: %q, want the cached 县财政", got)
		}
		f.clock.Advance(31 * time.Second)
		if got := name(); got != "财政局" {
			t.Errorf("31 s after a change outside the app: %q, want 财政局", got)
		}
	})
}
