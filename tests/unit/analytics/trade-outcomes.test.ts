import { describe, expect, it } from 'vitest';
import { averageLoss, averageWin, kellyCriterion, payoffRatio, profitFactor, systemQualityNumber, winRate } from '../../../shared/analytics/index.ts';

describe('trade win rate, profit factor, payoff, SQN and Kelly (§5, §6)', () => {
  // pnl = 100 −50 200 −100 50 ; wins 100 200 50 (Σ 350), losses −50 −100 (Σ −150)
  const pnl = [100, -50, 200, -100, 50];

  it('win rate 3/5, profit factor 350/150 = 7/3', () => {
    expect(winRate(pnl)).toBe(0.6);
    expect(profitFactor(pnl)).toBeCloseTo(7 / 3, 15);
  });

  it('avgWin 350/3, avgLoss −75, payoff (350/3)/75 = 14/9', () => {
    expect(averageWin(pnl)).toBeCloseTo(350 / 3, 12);
    expect(averageLoss(pnl)).toBe(-75);
    expect(payoffRatio(pnl)).toBeCloseTo(14 / 9, 14);
  });

  it('Kelly = w − (1 − w)/b = 0.6 − 0.4/(14/9) = 0.6 − 90/350 = 12/35', () => {
    expect(kellyCriterion(pnl)).toBeCloseTo(12 / 35, 14);
  });

  it('SQN = √n·mean/sd: mean 40, Σ dev² = 3600+8100+25600+19600+100 = 57000, var 14250 → 40/√2850', () => {
    expect(systemQualityNumber(pnl)).toBeCloseTo(40 / Math.sqrt(2850), 14);
    expect(systemQualityNumber(pnl)).toBeCloseTo(0.7492686, 6);
  });

  it('zero pnl is neither a win nor a loss', () => {
    // 10 0 −5: win rate 1/3, avgWin 10, avgLoss −5
    expect(winRate([10, 0, -5])).toBeCloseTo(1 / 3, 15);
    expect(averageWin([10, 0, -5])).toBe(10);
    expect(averageLoss([10, 0, -5])).toBe(-5);
  });

  it('undefined cases are NaN', () => {
    expect(winRate([])).toBeNaN();
    expect(profitFactor([1, 2])).toBeNaN(); // no loss
    expect(kellyCriterion([1, 2])).toBeNaN(); // no loss
    expect(kellyCriterion([-1, -2])).toBeNaN(); // no win
    expect(systemQualityNumber([5])).toBeNaN(); // sd of one trade
    expect(systemQualityNumber([5, 5])).toBeNaN(); // sd 0
    expect(payoffRatio([-1])).toBeNaN();
  });
});
