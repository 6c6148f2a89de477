// Package supervision is the 督查督办 state machine (DOMAIN.md §5.4) as pure
// functions over the domain types: given an item, who acts, what they ask
// for and the time, it says what the item becomes or why it may not.
// Nothing here reads a clock, a calendar, a database or a request; the app
// layer loads, calls, saves and audits in one transaction (DESIGN.md §4).
// Each of the office's state machines lives in its own package under
// internal/workflow, so that their actions and types do not collide.
//
// The machine is Apply and Allowed in supervision.go, its table of steps in
// supervision_steps.go, and the status lights of §5.6 in light.go.
package supervision
