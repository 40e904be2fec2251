// SPDX-License-Identifier: MIT
/*
 * throw5 - throws and catches exactly 5 C++ exceptions, for the
 * usdt:...libstdc++.so.6:libstdcxx:throw test (libstdc++'s __cxa_throw
 * fires that probe once per throw).
 */
#include <cstdio>
#include <stdexcept>

static int thrower(int i)
{
	if (i >= 0)
		throw std::runtime_error("exception");
	return i;
}

int main()
{
	int caught = 0;

	for (int i = 0; i < 5; i++) {
		try {
			thrower(i);
		} catch (const std::exception &) {
			caught++;
		}
	}
	std::printf("caught %d\n", caught);
	return caught == 5 ? 0 : 1;
}
