package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"oic/domain"
)

// count finds every note run acknowledged on its visit's trail, once, by
// its officer, as typed; and names the notes of the load there that were
// not acknowledged as they stand (saved but their frame not seen in
// time, or two notes run together in one).
func count(args []string) error {
	fs := flag.NewFlagSet("count", flag.ExitOnError)
	dir := fs.String("data-dir", "", "the data folder, the server stopped")
	work := fs.String("work", "", "the folder prepare and run wrote")
	fs.Parse(args)
	if *dir == "" || *work == "" {
		return errors.New("count needs -data-dir and -work")
	}
	f, err := os.Open(filepath.Join(*work, "acked.tsv"))
	if err != nil {
		return err
	}
	defer f.Close()
	want := map[domain.Ref]map[string]domain.StaffNo{}
	sc := bufio.NewScanner(f)
	acked := 0
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 3 {
			return fmt.Errorf("acked.tsv: %q", sc.Text())
		}
		ref := domain.Ref(p[0])
		if want[ref] == nil {
			want[ref] = map[string]domain.StaffNo{}
		}
		want[ref][p[2]] = domain.StaffNo(p[1])
		acked++
	}
	if err := sc.Err(); err != nil {
		return err
	}
	plan, err := readPlan(*work)
	if err != nil {
		return err
	}
	s, err := openStore(*dir)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	lost, twice, extra, found := 0, 0, 0, 0
	visits := map[domain.Ref]bool{}
	for _, p := range plan {
		visits[p.Ref] = true
	}
	for ref := range visits {
		v, err := s.Visit(ctx, ref)
		if err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		on := map[string]int{}
		for _, e := range v.Timeline {
			if e.Kind == domain.EntryNote && strings.HasPrefix(e.Text, "load ") {
				on[e.Text]++
				if by, ok := want[ref][e.Text]; ok && by != e.Recorded.By {
					fmt.Printf("%s: %q recorded by %s, typed by %s\n", ref, e.Text, e.Recorded.By, by)
					lost++
				}
			}
		}
		for text := range want[ref] {
			switch on[text] {
			case 0:
				fmt.Printf("not on the trail as typed: %s %q\n", ref, text)
				lost++
			case 1:
				found++
			default:
				fmt.Printf("twice: %s %q (%d times)\n", ref, text, on[text])
				twice++
			}
		}
		for text := range on {
			if _, ok := want[ref][text]; !ok {
				fmt.Printf("on the trail, not as acknowledged: %s %q\n", ref, text)
				extra++
			}
		}
	}
	fmt.Printf("acknowledged notes on their trail once: %d of %d; not on it as typed %d, more than once %d; notes of the load on it not as acknowledged %d\n", found, acked, lost, twice, extra)
	if lost > 0 || twice > 0 {
		return errors.New("notes not on their trail as acknowledged (lost, run together or doubled)")
	}
	return nil
}
