package textdiff

// edit is a run of n elements kept, inserted or deleted.
type edit struct {
	kind Kind
	n    int
}

// appendEdit appends a run to dst, extending the last one if of the same kind.
func appendEdit(dst []edit, k Kind, n int) []edit {
	if n == 0 {
		return dst
	}
	if len(dst) > 0 && dst[len(dst)-1].kind == k {
		dst[len(dst)-1].n += n
		return dst
	}
	return append(dst, edit{k, n})
}

func commonPrefix(a, b []int32) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func commonSuffix(a, b []int32) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[len(a)-1-i] != b[len(b)-1-i] {
			return i
		}
	}
	return n
}

// myers appends to dst a shortest edit script turning a into b (Myers
// 1986, "An O(ND) difference algorithm and its variations", with the
// linear-space middle snake). Each search for a middle snake draws on
// *budget; once it is spent, the part of the texts being compared is
// deleted and inserted whole, so the work is bounded and the result still
// correct, if no longer minimal.
func myers(dst []edit, a, b []int32, budget *int) []edit {
	p := commonPrefix(a, b)
	dst = appendEdit(dst, KindEqual, p)
	a, b = a[p:], b[p:]
	s := commonSuffix(a, b)
	a, b = a[:len(a)-s], b[:len(b)-s]
	switch {
	case len(a) == 0:
		dst = appendEdit(dst, KindInsert, len(b))
	case len(b) == 0:
		dst = appendEdit(dst, KindDelete, len(a))
	default:
		if x, y, ok := middleSnake(a, b, budget); ok {
			dst = myers(dst, a[:x], b[:y], budget)
			dst = myers(dst, a[x:], b[y:], budget)
		} else {
			dst = appendEdit(dst, KindDelete, len(a))
			dst = appendEdit(dst, KindInsert, len(b))
		}
	}
	return appendEdit(dst, KindEqual, s)
}

// middleSnake finds a point (x, y) on a shortest edit path from (0, 0) to
// (len(a), len(b)) by searching forward from the start and backward from
// the end until the paths overlap. It reports false when a and b share
// nothing or the budget runs out. a and b must be non-empty and differ in
// their first and last elements. This follows the bisection of Neil
// Fraser's diff-match-patch.
func middleSnake(a, b []int32, budget *int) (x, y int, ok bool) {
	n, m := len(a), len(b)
	maxD := (n + m + 1) / 2
	off := maxD
	// Two spare slots: for n == m == 1, maxD is 1 and the first step reads
	// off+1.
	v1 := make([]int, 2*maxD+2)
	v2 := make([]int, 2*maxD+2)
	for i := range v1 {
		v1[i], v2[i] = -1, -1
	}
	v1[off+1], v2[off+1] = 0, 0
	delta := n - m
	// With an odd delta the forward path is the one to meet the reverse.
	front := delta%2 != 0
	// Diagonals that ran off the grid are not searched again.
	k1start, k1end, k2start, k2end := 0, 0, 0, 0
	for d := 0; d < maxD; d++ {
		*budget -= 2*d + 1
		if *budget < 0 {
			return 0, 0, false
		}
		for k1 := -d + k1start; k1 <= d-k1end; k1 += 2 {
			i := off + k1
			var x1 int
			if k1 == -d || (k1 != d && v1[i-1] < v1[i+1]) {
				x1 = v1[i+1]
			} else {
				x1 = v1[i-1] + 1
			}
			y1 := x1 - k1
			for x1 < n && y1 < m && a[x1] == b[y1] {
				x1++
				y1++
			}
			v1[i] = x1
			switch {
			case x1 > n:
				k1end += 2
			case y1 > m:
				k1start += 2
			case front:
				if i2 := off + delta - k1; i2 >= 0 && i2 < len(v2) && v2[i2] != -1 && x1 >= n-v2[i2] {
					return split(n, m, x1, y1)
				}
			}
		}
		for k2 := -d + k2start; k2 <= d-k2end; k2 += 2 {
			i := off + k2
			var x2 int
			if k2 == -d || (k2 != d && v2[i-1] < v2[i+1]) {
				x2 = v2[i+1]
			} else {
				x2 = v2[i-1] + 1
			}
			y2 := x2 - k2
			for x2 < n && y2 < m && a[n-x2-1] == b[m-y2-1] {
				x2++
				y2++
			}
			v2[i] = x2
			switch {
			case x2 > n:
				k2end += 2
			case y2 > m:
				k2start += 2
			case !front:
				if i1 := off + delta - k2; i1 >= 0 && i1 < len(v1) && v1[i1] != -1 {
					x1 := v1[i1]
					y1 := off + x1 - i1
					if x1 >= n-x2 {
						return split(n, m, x1, y1)
					}
				}
			}
		}
	}
	return 0, 0, false
}

// split returns (x, y) unless it is a corner of the grid, where splitting
// would make no progress; that cannot happen for inputs that differ at
// both ends, but recursion must never depend on it.
func split(n, m, x, y int) (int, int, bool) {
	if (x == 0 && y == 0) || (x == n && y == m) {
		return 0, 0, false
	}
	return x, y, true
}
