package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/store/exchange"
)

// officerPlan is one session: its officer, the visit it records on, and
// the private key it signs in with.
type officerPlan struct {
	StaffNo domain.StaffNo
	Ref     domain.Ref
	Key     string
}

func openStore(dir string) (*store.Store, error) {
	return store.OpenWith(dir, store.Options{Derive: exchange.Derivation()})
}

// prepare writes the plan: up to n officers rostered on the folder's
// deployed visits, each once (on the first such visit found), a key each.
func prepare(args []string) error {
	fs := flag.NewFlagSet("prepare", flag.ExitOnError)
	dir := fs.String("data-dir", "", "the data folder (a copy: the keys go on its officers)")
	work := fs.String("work", "", "where the plan and the keys are written")
	n := fs.Int("n", 50, "how many officers")
	fs.Parse(args)
	if *dir == "" || *work == "" {
		return errors.New("prepare needs -data-dir and -work")
	}
	s, err := openStore(*dir)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx := context.Background()
	var deployed, briefed []domain.Summary
	err = s.ScanSummaries(ctx, 1000, func(b []domain.Summary) error {
		for _, sum := range b {
			switch sum.State {
			case domain.Deployed:
				deployed = append(deployed, sum)
			case domain.Briefed:
				briefed = append(briefed, sum)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	// The demo deploys the visits of its first days; as the days pass
	// fewer are left deployed. Today's briefed visits are deployed by
	// their OICs, soonest first, until their rosters hold n officers.
	rostered := 0
	for _, sum := range deployed {
		v, err := s.Visit(ctx, sum.Ref)
		if err != nil {
			return err
		}
		rostered += len(v.Roster)
	}
	slices.SortFunc(briefed, func(a, b domain.Summary) int { return a.PlannedStart.Compare(b.PlannedStart) })
	now := time.Now()
	for _, sum := range briefed {
		if rostered >= *n {
			break
		}
		if sum.PlannedStart.Format(time.DateOnly) != now.Format(time.DateOnly) {
			continue // the verbal briefing is the day's (BRF-3)
		}
		v, err := deploy(ctx, s, sum.Ref, now)
		if err != nil {
			fmt.Printf("%s not deployed: %v\n", sum.Ref, err)
			continue
		}
		fmt.Printf("%s deployed by its OIC (%d on its roster)\n", sum.Ref, len(v.Roster))
		deployed = append(deployed, sum)
		rostered += len(v.Roster)
	}
	if err := os.MkdirAll(filepath.Join(*work, "keys"), 0o700); err != nil {
		return err
	}
	seen := map[domain.StaffNo]bool{}
	var plan []officerPlan
	for _, sum := range deployed {
		ref := sum.Ref
		v, err := s.Visit(ctx, ref)
		if err != nil {
			return err
		}
		for _, r := range v.Roster {
			if len(plan) == *n || seen[r.StaffNo] {
				continue
			}
			seen[r.StaffNo] = true
			key := filepath.Join(*work, "keys", string(r.StaffNo))
			if err := writeKey(key); err != nil {
				return err
			}
			plan = append(plan, officerPlan{r.StaffNo, ref, key})
		}
	}
	if len(plan) < *n {
		return fmt.Errorf("the %d deployed visits roster %d officers, fewer than %d", len(deployed), len(plan), *n)
	}
	var b strings.Builder
	for _, p := range plan {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", p.StaffNo, p.Ref, p.Key)
	}
	fmt.Printf("%d officers on %d deployed visits\n", len(plan), len(deployed))
	return os.WriteFile(filepath.Join(*work, "plan.tsv"), []byte(b.String()), 0o600)
}

// writeKey makes an Ed25519 key: the private key at path, the public
// beside it at path.pub, for oic officer key add.
// deploy moves a briefed visit to deployed, as its OIC would.
func deploy(ctx context.Context, s *store.Store, ref domain.Ref, now time.Time) (*domain.Visit, error) {
	v, err := s.Visit(ctx, ref)
	if err != nil {
		return nil, err
	}
	c, ok := v.Commander(domain.CommandOIC)
	if !ok {
		return nil, errors.New("no OIC on its roster")
	}
	oic, err := s.Officer(ctx, c.StaffNo)
	if err != nil {
		return nil, err
	}
	// The briefing on the day and the OIC's confirmation (BRF-3, BRF-4),
	// then the deployment, each saved as the OIC's briefing tab saves it.
	cfg := domain.DefaultConfig()
	at := v.Basics.PlannedStart.Add(-30 * time.Minute)
	steps := []func() (domain.Change, error){
		func() (domain.Change, error) {
			return v.RecordVerbal(domain.VerbalBriefing{At: at, Risks: "Dogs on the premises; exits at the rear.", NoQuestions: true}, oic, now)
		},
		func() (domain.Change, error) {
			return v.Confirm(slices.Repeat([]bool{true}, len(domain.ConfirmItems)), "", cfg, oic, now)
		},
		func() (domain.Change, error) { return v.Deploy(cfg, oic, now) },
	}
	for _, step := range steps {
		ch, err := step()
		if err != nil {
			return nil, err
		}
		if v, err = s.SaveVisit(ctx, v, ch); err != nil {
			return nil, err
		}
	}
	return v, nil
}

func writeKey(path string) error {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	blk, err := ssh.MarshalPrivateKey(priv, "")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, pem.EncodeToMemory(blk), 0o600); err != nil {
		return err
	}
	sp, err := ssh.NewPublicKey(pub)
	if err != nil {
		return err
	}
	return os.WriteFile(path+".pub", ssh.MarshalAuthorizedKey(sp), 0o600)
}

func readPlan(work string) ([]officerPlan, error) {
	f, err := os.Open(filepath.Join(work, "plan.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var plan []officerPlan
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		if len(p) != 3 {
			return nil, fmt.Errorf("plan.tsv: %q is not staff number, visit, key", sc.Text())
		}
		plan = append(plan, officerPlan{domain.StaffNo(p[0]), domain.Ref(p[1]), p[2]})
	}
	return plan, sc.Err()
}
