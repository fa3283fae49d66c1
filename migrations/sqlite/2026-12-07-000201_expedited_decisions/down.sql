DROP TABLE expedited_decisions;
