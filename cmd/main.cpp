// Entry point: the command table lives in commands.cpp.
int main() { return 0; }
