-- 019 board liaisons (SQLite, issue 13, GR-6 minimum necessary): the licensing board a board
-- liaison login speaks for. With a row, the board view shows that liaison only the participants
-- whose agreement names the same board (compared without case); without one, every participant
-- of the organization (an organization reporting to one board).
CREATE TABLE board_liaisons (
    org_id     INTEGER NOT NULL REFERENCES orgs(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    board      TEXT NOT NULL,
    set_by     INTEGER NOT NULL REFERENCES users(id),
    set_at     BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
