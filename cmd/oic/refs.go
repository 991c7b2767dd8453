package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/crypto/ssh"

	"oic/domain"
	"oic/store"
	"oic/store/exchange/signing"
)

// Reference blocks (issue 17, section 5; domain/refblock.go): a laptop
// that creates visits offline takes their numbers from blocks a server
// reserved for it while it was online, so no two laptops, and not the
// server, ever make the same reference.

const refsUsage = "[reserve ssh://HOST[:PORT] [--team CODE] [--year Y] [--count N] [--identity FILE]]"

// refsReply is what the server's refs reserve writes on standard output:
// the blocks it reserved, with the form's version, read back and checked
// by the laptop before it keeps any.
type refsReply struct {
	Version int               `json:"oic_refs"`
	Blocks  []domain.RefBlock `json:"blocks"`
}

const refsReplyVersion = 1

// refsRequest is what a laptop asks for; zero values are the server's
// defaults: the officer's team, this year (and next in December), 50.
type refsRequest struct {
	Team  domain.TeamCode
	Year  int
	Count int
}

func (r refsRequest) args(device string) []string {
	args := []string{"refs", "reserve", "--device", device}
	if r.Team != "" {
		args = append(args, "--team", string(r.Team))
	}
	if r.Year != 0 {
		args = append(args, "--year", strconv.Itoa(r.Year))
	}
	if r.Count != 0 {
		args = append(args, "--count", strconv.Itoa(r.Count))
	}
	return args
}

// runRefs lists the folder's reference blocks, or reserves some: from a
// laptop, by asking a server (refs reserve ssh://...); over SSH, as the
// server asked (refs reserve --device ...).
func runRefs(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "reserve" {
		if g.remote != nil {
			return serveRefs(ctx, g, args[1:], stdout, stderr)
		}
		return reserveCommand(ctx, g, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "list" {
		args = args[1:]
	}
	fs := g.flagSet("refs", stderr)
	if err := parseFlags(fs, args, stdout, refsUsage); err != nil {
		return err
	}
	// Listing the blocks of a folder that is not there lists none: it
	// is not made to say so.
	if err := folderThere(g); err != nil {
		return err
	}
	s, _, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	held, err := s.HeldRefs(ctx)
	if err != nil {
		return err
	}
	issued, err := s.IssuedRefs(ctx)
	if err != nil {
		return err
	}
	if len(held) == 0 && len(issued) == 0 {
		fmt.Fprintf(stdout, "%s holds no reference blocks: visits created here take the next number of this folder's own count.\n"+
			"A laptop that creates visits offline reserves numbers from the team's server while online: oic refs reserve ssh://HOST:2323\n", s.Dir())
		return nil
	}
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	if len(held) > 0 {
		// The device is how the server's list (oic refs list there)
		// names this folder.
		fmt.Fprintf(tw, "Reserved for this folder, %s (visits created here take their numbers from these alone):\n", held[0].Device)
		fmt.Fprintf(tw, "team\tyear\tnumbers\tleft\tfrom\treserved\tby\n")
		for _, b := range held {
			fmt.Fprintf(tw, "%s\t%d\t%04d-%04d\t%d of %d\t%s\t%s\t%s\n", b.Team, b.Year, b.First, b.Last, b.Left(), b.Size(),
				orDash(b.Server), b.At.Local().Format(domain.DateTimeLayout), b.Officer)
		}
	}
	if len(issued) > 0 {
		if len(held) > 0 {
			fmt.Fprintln(tw)
		}
		fmt.Fprintf(tw, "Reserved here for laptops (this folder's own visits never take these numbers):\n")
		fmt.Fprintf(tw, "team\tyear\tnumbers\tdevice\tofficer\treserved\n")
		for _, b := range issued {
			fmt.Fprintf(tw, "%s\t%d\t%04d-%04d\t%s\t%s\t%s\n", b.Team, b.Year, b.First, b.Last, b.Device, b.Officer,
				b.At.Local().Format(domain.DateTimeLayout))
		}
	}
	return tw.Flush()
}

// folderThere refuses a data folder that does not exist, which opening
// would make. One made by hand, empty, is the officer's to fill.
func folderThere(g *globals) error {
	if g.served != nil {
		return nil
	}
	dir, err := g.dir()
	if err != nil {
		return err
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("there is no data folder %s", dir)
	} else if err != nil {
		return err
	}
	return nil
}

// reserveCommand is oic refs reserve ssh://HOST on a laptop: it asks the
// server for blocks and keeps them in the data folder.
func reserveCommand(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("refs reserve", stderr)
	team := fs.String("team", "", "the team `CODE` to reserve for (default: your team, as the server has it)")
	year := fs.Int("year", 0, "the `year` to reserve for (default: this year, and next year too in December)")
	count := fs.Int("count", 0, fmt.Sprintf("how many `numbers` (default %d, at most %d)", domain.RefBlockDefault, domain.RefBlockMax))
	identity := fs.String("identity", "", "your SSH private key `file` (default ~/.ssh/id_ed25519, and ssh-agent's keys)")
	knownHosts := fs.String("known-hosts", "", "the known_hosts `file` the server's host key is checked against (default ~/.ssh/known_hosts)")
	rest, err := parseWithArgs(fs, args, stdout, "reserve ssh://HOST[:PORT] [--team CODE] [--year Y] [--count N] [--identity FILE]")
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "oic refs reserve: give the server's address, as ssh://oic.example:2323")
		return errUsage
	}
	target, err := parseSSHTarget(rest[0])
	if err != nil {
		return err
	}
	req := refsRequest{Year: *year, Count: *count}
	if *team != "" {
		t, err := domain.FindTeam(*team)
		if err != nil {
			return fmt.Errorf("--team %q: %w", *team, err)
		}
		req.Team = t.Code
	}
	// The numbers are kept in the folder whose visits take them: a
	// folder made here, empty, would hold numbers for visits that are
	// elsewhere (a --data-dir mistyped, or OIC_DATA_DIR unset).
	if err := folderThere(g); err != nil {
		return fmt.Errorf("%w. oic refs reserve keeps the numbers in the folder that creates the visits: open oic there once, or oic pull from the server, first; nothing was reserved and no folder was made", err)
	}
	s, _, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := sshDial(ctx, target, sshOptions{Identity: *identity, KnownHosts: *knownHosts})
	if err != nil {
		return err
	}
	defer c.Close()
	blocks, err := reserveRefs(ctx, s, c, target, req)
	if err != nil {
		return err
	}
	for _, b := range blocks {
		what := fmt.Sprintf("%s (1 number)", domain.FormatRef(b.Team, b.Year, b.First))
		if b.Size() > 1 {
			what = fmt.Sprintf("%s to %s (%d numbers)", domain.FormatRef(b.Team, b.Year, b.First), domain.FormatRef(b.Team, b.Year, b.Last), b.Size())
		}
		fmt.Fprintf(stdout, "Reserved %s from %s for %s.\n", what, target, s.Dir())
	}
	fmt.Fprintln(stdout, "Visits created in this folder now take their references from its reserved numbers alone, online or not; oic refs shows how many are left.")
	return nil
}

// reserveRefs asks the server c is connected to (target, as the officer
// whose key opened c) for blocks of reference numbers for the folder of
// s, checks what it answers, and keeps the blocks in s, all or none. From
// then on s is linked: its new visits take their numbers from its blocks
// alone. oic pull calls it too, once it has brought the visits down.
func reserveRefs(ctx context.Context, s *store.Store, c *ssh.Client, target sshTarget, req refsRequest) ([]domain.RefBlock, error) {
	if issued, err := s.IssuedRefs(ctx); err != nil {
		return nil, err
	} else if len(issued) > 0 {
		return nil, fmt.Errorf("%s has reserved numbers for laptops itself (oic refs lists them): it is a server's folder, whose own visits take the numbers after those. Reserve from the laptop's folder instead. Nothing was reserved", s.Dir())
	}
	key, err := signing.FolderKey(s.Dir(), s.Vault())
	if err != nil {
		return nil, err
	}
	device := key.Principal()
	var out, errOut bytes.Buffer
	code, err := sshRun(ctx, c, req.args(device), nil, &limitedWriter{w: &out, n: 1 << 16}, &limitedWriter{w: &errOut, n: 1 << 12})
	if err != nil {
		return nil, err
	}
	if code != 0 {
		msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(errOut.String()), "oic:"))
		if msg == "" {
			msg = fmt.Sprintf("exit status %d", code)
		}
		return nil, fmt.Errorf("%s refused to reserve reference numbers: %s", target, msg)
	}
	blocks, err := readRefsReply(out.Bytes(), device, req, time.Now())
	if err != nil {
		return nil, fmt.Errorf("%s answered with something other than reference blocks for this folder (%v): nothing was kept. Is it an oic serve of this version?", target, err)
	}
	for i := range blocks {
		blocks[i].Server = target.String()
	}
	if err := s.HoldRefs(ctx, blocks); err != nil {
		return nil, err
	}
	return blocks, nil
}

// readRefsReply reads the server's answer strictly: its version, nothing
// it does not know, each block whole, for this device, of the team, year
// and size asked, and none sharing a number with another.
func readRefsReply(b []byte, device string, req refsRequest, now time.Time) ([]domain.RefBlock, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var r refsReply
	if err := dec.Decode(&r); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one answer")
	}
	if r.Version != refsReplyVersion {
		return nil, fmt.Errorf("its answer is of form %d, not %d", r.Version, refsReplyVersion)
	}
	if len(r.Blocks) == 0 || len(r.Blocks) > 2 {
		return nil, fmt.Errorf("%d blocks, not one or two", len(r.Blocks))
	}
	want := req.Count
	if want == 0 {
		want = domain.RefBlockDefault
	}
	for i, blk := range r.Blocks {
		if err := blk.Validate(); err != nil {
			return nil, err
		}
		switch {
		case blk.Device != device:
			return nil, fmt.Errorf("block %s is for %s, not this folder (%s)", blk, blk.Device, device)
		case req.Team != "" && blk.Team != req.Team, i > 0 && blk.Team != r.Blocks[0].Team:
			return nil, fmt.Errorf("block %s is not of the team asked", blk)
		case req.Year != 0 && blk.Year != req.Year:
			return nil, fmt.Errorf("block %s is not of %d", blk, req.Year)
		case req.Year == 0 && (blk.Year < now.Year()-1 || blk.Year > now.Year()+1):
			return nil, fmt.Errorf("block %s is of no year near this one", blk)
		case blk.Size() != want:
			return nil, fmt.Errorf("block %s holds %d numbers, not the %d asked", blk, blk.Size(), want)
		case blk.Used != 0 || blk.Server != "":
			return nil, fmt.Errorf("block %s comes marked used", blk)
		}
		for _, o := range r.Blocks[:i] {
			if o.Overlaps(blk) || o.Year == blk.Year {
				return nil, fmt.Errorf("blocks %s and %s are of one year", o, blk)
			}
		}
	}
	return r.Blocks, nil
}

// serveRefs is refs reserve run over SSH, as the key's officer: it
// reserves the blocks and writes them as a refsReply on standard output.
func serveRefs(ctx context.Context, g *globals, args []string, stdout, stderr io.Writer) error {
	fs := g.flagSet("refs reserve", stderr)
	device := fs.String("device", "", "the laptop's data folder, by its principal (oic key): oic- and 16 hex digits")
	teamFlag := fs.String("team", "", "the team `CODE` (default: yours)")
	year := fs.Int("year", 0, "the `year` (default: this year, and next year too in December)")
	count := fs.Int("count", domain.RefBlockDefault, "how many `numbers`")
	if err := parseFlags(fs, args, stdout, "reserve --device ID [--team CODE] [--year Y] [--count N]"); err != nil {
		return err
	}
	if *device == "" {
		fmt.Fprintln(stderr, "oic refs reserve: give --device, the principal of the laptop's data folder (oic key prints it there); oic refs reserve ssh://HOST, run on the laptop, gives it for you")
		return errUsage
	}
	s, cfg, err := g.open()
	if err != nil {
		return err
	}
	defer s.Close()
	o, err := signedIn(ctx, g, s, true)
	if err != nil {
		return err
	}
	team := o.Team
	if *teamFlag != "" {
		t, err := domain.FindTeam(*teamFlag)
		if err != nil {
			return fmt.Errorf("--team %q: %w. Nothing was reserved", *teamFlag, err)
		}
		team = t.Code
	}
	if err := domain.MayReserve(o, team); err != nil {
		return err
	}
	now := time.Now().In(cfg.Location())
	years := domain.ReservationYears(now)
	if *year != 0 {
		if *year < now.Year() || *year > now.Year()+1 {
			return fmt.Errorf("--year %d: numbers are reserved for this year or the next only. Nothing was reserved", *year)
		}
		years = []int{*year}
	}
	reply := refsReply{Version: refsReplyVersion}
	for _, y := range years {
		b, err := s.ReserveRefs(ctx, team, y, *count, *device, o.StaffNo, now)
		if err != nil {
			// A block already reserved for the first year stays
			// recorded as the laptop's, its numbers never used by
			// anyone: a gap, never a reference given twice.
			return fmt.Errorf("%w. Nothing was reserved for this folder", err)
		}
		reply.Blocks = append(reply.Blocks, b)
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	return enc.Encode(reply)
}

// limitedWriter keeps the first n bytes written to it and refuses more:
// a server's answer is small, and a flood of one is not kept.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		return 0, errors.New("the server's answer is too long")
	}
	l.n -= len(p)
	return l.w.Write(p)
}

// refsLow is how few reference numbers a laptop may have left, for its
// officer's team and a year it reserves for, before oic pull reserves
// more: a pull a day keeps a week of visits in hand, and numbers are not
// reserved afresh on every pull (a block is never given back).
const refsLow = 10

// topUpRefs reserves, as oic pull ends, blocks of reference numbers for
// the officer's team and each year ReservationYears names for which the
// folder of s holds fewer than refsLow: so an OIC who pulls before going
// out can create visits offline. A folder that is a server's, or an
// answer that cannot be had, reserves nothing and says so on stderr: the
// visits pulled are taken in all the same.
func topUpRefs(ctx context.Context, s *store.Store, c *ssh.Client, target sshTarget, by domain.Officer, stdout, stderr io.Writer) {
	if issued, err := s.IssuedRefs(ctx); err != nil || len(issued) > 0 {
		return // a server's own folder takes no blocks
	}
	held, err := s.HeldRefs(ctx)
	if err != nil {
		fmt.Fprintf(stderr, "oic pull: the reference numbers this folder holds cannot be read (%v); run oic refs\n", err)
		return
	}
	for _, y := range domain.ReservationYears(pullClock()) {
		left := 0
		for _, b := range held {
			if b.Team == by.Team && b.Year == y {
				left += b.Left()
			}
		}
		if left >= refsLow {
			continue
		}
		blocks, err := reserveRefs(ctx, s, c, target, refsRequest{Team: by.Team, Year: y})
		if err != nil {
			fmt.Fprintf(stderr, "oic pull: no reference numbers were reserved for %s %d (%v). Visits created offline need them: run oic refs reserve %s while online.\n", by.Team, y, err, target)
			continue
		}
		for _, b := range blocks {
			fmt.Fprintf(stdout, "  Reserved %s to %s for the visits this folder creates offline (%d left before).\n",
				domain.FormatRef(b.Team, b.Year, b.First), domain.FormatRef(b.Team, b.Year, b.Last), left)
		}
	}
}
