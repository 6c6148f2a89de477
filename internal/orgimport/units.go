package orgimport

import (
	"fmt"
	"strconv"

	"github.com/zhongshu-oa/zhongshu/internal/zhongshu"
)

var unitFields = []fieldColumn{
	{field: "full_name", col: colFullName},
	{field: "short_name", col: colShortName},
	{field: "type", col: colUnitType},
	{field: "parent_id", col: colParent},
	{field: "doc_code", col: colDocCode},
}

// parseUnits validates unit rows in file order. A parent may be an existing
// unit or a unit of an earlier row; a unit's full and short names must not
// clash with existing units or with other rows, so that names stay
// unambiguous references.
func parseUnits(recs []record, ex Existing) ([]UnitRow, []RowError) {
	// Every name in the file with the first line it appears on, to tell a
	// forward reference from an unknown parent.
	allNames := map[string]int{}
	for _, r := range recs {
		for _, n := range []string{r.get(colFullName), r.get(colShortName)} {
			if _, ok := allNames[n]; n != "" && !ok {
				allNames[n] = r.line
			}
		}
	}
	var (
		rows    []UnitRow
		errs    []RowError
		earlier = map[string]int{} // names of rows already read → line
	)
	for _, r := range recs {
		e := newRowErrs(r.line, unitColumns)
		u := zhongshu.Unit{
			FullName:  r.get(colFullName),
			ShortName: r.get(colShortName),
			DocCode:   r.get(colDocCode),
			Active:    true,
		}
		if s := r.get(colUnitType); s != "" {
			if t, ok := zhongshu.ParseUnitType(s); ok {
				u.Type = t
			} else {
				e.add(colUnitType, "单位类型不正确："+s)
			}
		}
		checkUnitNames(e, u, ex, earlier)

		parentName, inFile := "", false
		if p := r.get(colParent); p != "" {
			if id, ok := ex.UnitsByName[p]; ok {
				u.ParentID = id
			} else if _, ok := earlier[p]; ok {
				parentName, inFile = p, true
			} else if line, ok := allNames[p]; ok && line == r.line {
				e.add(colParent, "上级单位不能是本单位")
			} else if ok {
				e.add(colParent, "上级单位须在本行之前或已存在")
			} else {
				e.add(colParent, "上级单位不存在："+p)
			}
		}
		switch s := r.get(colExternal); s {
		case "", "否":
		case "是":
			u.IsExternal = true
		default:
			e.add(colExternal, "外部单位须填写“是”或“否”")
		}
		if s := r.get(colSort); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil {
				e.add(colSort, "排序须为整数")
			}
			u.SortOrder = n
		}

		// A parent from the file has no id yet; stand in for it so that
		// Validate accepts a section under it.
		if inFile {
			u.ParentID = -1
		}
		e.addValidation(u.Validate(), unitFields)
		if inFile {
			u.ParentID = 0
		}

		for _, n := range []string{u.FullName, u.ShortName} {
			if _, ok := earlier[n]; n != "" && !ok {
				earlier[n] = r.line
			}
		}
		if len(e.errs) > 0 {
			errs = append(errs, e.result()...)
			continue
		}
		rows = append(rows, UnitRow{Line: r.line, Unit: u, ParentName: parentName})
	}
	return rows, errs
}

// checkUnitNames reports a full or short name that is already taken by an
// existing unit or by an earlier row.
func checkUnitNames(e *rowErrs, u zhongshu.Unit, ex Existing, earlier map[string]int) {
	if n := u.FullName; n != "" {
		if _, ok := ex.UnitsByName[n]; ok {
			e.add(colFullName, "单位已存在："+n)
		} else if line, ok := earlier[n]; ok {
			e.add(colFullName, fmt.Sprintf("单位名称与第%d行重复：%s", line, n))
		}
	}
	if n := u.ShortName; n != "" && n != u.FullName {
		if _, ok := ex.UnitsByName[n]; ok {
			e.add(colShortName, "简称与已有单位的名称重复："+n)
		} else if line, ok := earlier[n]; ok {
			e.add(colShortName, fmt.Sprintf("简称与第%d行的单位名称重复：%s", line, n))
		}
	}
}
