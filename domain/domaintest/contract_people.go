package domaintest

import (
	"errors"
	"reflect"
	"time"

	"oic/domain"
)

// contractOfficers: profiles by staff number, listed in the byte order of
// staff numbers, replaced by a save; an unknown one is ErrNotFound.
func contractOfficers(c *contract) {
	if _, err := c.s.Officer(c.ctx, contractAmy.StaffNo); !errors.Is(err, domain.ErrNotFound) {
		c.Errorf("Officer of an unknown staff number: %v, want ErrNotFound", err)
	}
	if list, err := c.s.ListOfficers(c.ctx); err != nil || len(list) != 0 {
		c.Errorf("ListOfficers on an empty store: %v, %v", list, err)
	}
	updated := contractBen
	updated.UpdatedAt = contractT0
	saved := []domain.Officer{Driver, updated, Silver, contractAmy, Authoriser}
	for _, o := range saved {
		c.saveOfficer(o)
	}
	for _, o := range saved {
		got, err := c.s.Officer(c.ctx, o.StaffNo)
		if err != nil || !reflect.DeepEqual(got, contractJSON(c, o)) {
			c.Errorf("Officer(%s) = %+v, %v, want %+v", o.StaffNo, got, err, o)
		}
	}
	promoted := contractAmy
	promoted.Grade, promoted.UpdatedAt = "SEO", contractT0.Add(time.Hour)
	c.saveOfficer(promoted)
	if got, err := c.s.Officer(c.ctx, promoted.StaffNo); err != nil || got.Grade != "SEO" || !got.UpdatedAt.Equal(promoted.UpdatedAt) {
		c.Errorf("after a second save: %+v, %v", got, err)
	}

	list, err := c.s.ListOfficers(c.ctx)
	if err != nil {
		c.Fatal(err)
	}
	var got []domain.StaffNo
	for _, o := range list {
		got = append(got, o.StaffNo)
	}
	// A1001, B2002, CIO0902, HMI0001, IO0904 in byte order.
	want := []domain.StaffNo{contractAmy.StaffNo, contractBen.StaffNo, Silver.StaffNo, Authoriser.StaffNo, Driver.StaffNo}
	if !reflect.DeepEqual(got, want) {
		c.Errorf("ListOfficers in the order %v, want %v", got, want)
	}
	if len(list) > 0 && list[0].Grade != "SEO" {
		c.Errorf("ListOfficers gave %s as %s, not as last saved", list[0].StaffNo, list[0].Grade)
	}
}

// contractSignedIn: nobody at first, then whoever signed in last.
func contractSignedIn(c *contract) {
	if sn, err := c.s.SignedIn(c.ctx); err != nil || sn != "" {
		c.Errorf("SignedIn on an empty store = %q, %v", sn, err)
	}
	for _, sn := range []domain.StaffNo{contractAmy.StaffNo, contractBen.StaffNo} {
		if err := c.s.SetSignedIn(c.ctx, sn); err != nil {
			c.Fatal(err)
		}
		if got, err := c.s.SignedIn(c.ctx); err != nil || got != sn {
			c.Errorf("SignedIn = %q, %v, want %q", got, err, sn)
		}
	}
}

// contractDrafts: kept per owner and key, replaced by a save, gone after a
// delete; a missing draft reads as nil without error, one saved empty as
// empty but not nil (a form tells the two apart).
func contractDrafts(c *contract) {
	draft := func(owner domain.StaffNo, key string) []byte {
		c.Helper()
		b, err := c.s.Draft(c.ctx, owner, key)
		if err != nil {
			c.Fatalf("Draft(%s, %s): %v", owner, key, err)
		}
		return b
	}
	save := func(owner domain.StaffNo, key string, data []byte) {
		c.Helper()
		if err := c.s.SaveDraft(c.ctx, owner, key, data); err != nil {
			c.Fatalf("SaveDraft(%s, %s): %v", owner, key, err)
		}
	}
	amy, ben := contractAmy.StaffNo, contractBen.StaffNo
	if b := draft(amy, "new-visit"); b != nil {
		c.Errorf("a missing draft = %q, want nil", b)
	}
	data := []byte(`{"premises":"Star"}`)
	save(amy, "new-visit", data)
	save(amy, "edit:SLN-2026-0001", []byte("edit"))
	data[2] = 'X' // the caller's buffer, reused
	if b := draft(amy, "new-visit"); string(b) != `{"premises":"Star"}` {
		c.Errorf("draft = %q", b)
	} else {
		b[2] = 'Y'
	}
	if b := draft(amy, "new-visit"); string(b) != `{"premises":"Star"}` {
		c.Errorf("draft after changing what was read and what was saved = %q", b)
	}
	if b := draft(ben, "new-visit"); b != nil {
		c.Errorf("another owner's draft = %q, want nil", b)
	}
	save(amy, "new-visit", []byte("second"))
	if b := draft(amy, "new-visit"); string(b) != "second" {
		c.Errorf("draft after a second save = %q", b)
	}
	if err := c.s.DeleteDraft(c.ctx, amy, "new-visit"); err != nil {
		c.Fatal(err)
	}
	if b := draft(amy, "new-visit"); b != nil {
		c.Errorf("a deleted draft = %q, want nil", b)
	}
	if b := draft(amy, "edit:SLN-2026-0001"); string(b) != "edit" {
		c.Errorf("the other draft after a delete = %q", b)
	}
	if err := c.s.DeleteDraft(c.ctx, ben, "never-saved"); err != nil {
		c.Errorf("deleting a missing draft: %v", err)
	}
	for _, empty := range [][]byte{{}, nil} {
		save(ben, "empty", empty)
		if b := draft(ben, "empty"); b == nil || len(b) != 0 {
			c.Errorf("a draft saved as %#v reads back as %#v, want empty but not nil", empty, b)
		}
	}
}
